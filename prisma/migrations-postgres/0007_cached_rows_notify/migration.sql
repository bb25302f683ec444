-- The rows the protocol endpoints keep in memory (apps with their redirect URIs, secrets and
-- approvals, registered APIs and their secrets, users' claims) tell every instance when they
-- change, whoever changes them: in the changing transaction, a NOTIFY (delivered at commit) and
-- the version in CatalogueVersion row 2 (the scope catalogue's is row 1), which instances poll
-- as a backstop. A change an instance keeps nothing of (a secret's last use, a password) says
-- nothing. SQLite needs none of it: one file, whose data_version tells.
INSERT INTO "CatalogueVersion" ("id", "version") VALUES (2, 0) ON CONFLICT ("id") DO NOTHING;

-- Prisma's migration runner splits a script at every semicolon, within dollar quotes too: the
-- body is an E-string whose semicolons are written \073.
CREATE FUNCTION "gatehouse_cached_rows_changed"() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN UPDATE "CatalogueVersion" SET "version" = "version" + 1 WHERE "id" = 2\073 PERFORM pg_notify(''gatehouse_cached_rows'', '''')\073 RETURN NULL\073 END';

CREATE TRIGGER "Application_cached_rows" AFTER UPDATE OR DELETE ON "Application" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
CREATE TRIGGER "RedirectUri_cached_rows" AFTER INSERT OR UPDATE OR DELETE ON "RedirectUri" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
CREATE TRIGGER "ClientSecret_cached_rows" AFTER INSERT OR DELETE OR UPDATE OF "digest", "applicationId" ON "ClientSecret" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
CREATE TRIGGER "ScopeApproval_cached_rows" AFTER INSERT OR UPDATE OR DELETE ON "ScopeApproval" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
CREATE TRIGGER "RegisteredApi_cached_rows" AFTER UPDATE OR DELETE ON "RegisteredApi" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
CREATE TRIGGER "ApiSecret_cached_rows" AFTER INSERT OR DELETE OR UPDATE OF "digest", "apiId" ON "ApiSecret" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
CREATE TRIGGER "User_cached_rows" AFTER DELETE OR UPDATE OF "name", "username", "email" ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "gatehouse_cached_rows_changed"();
