// Writes prisma/schema.postgres.prisma from prisma/schema.prisma: same models,
// PostgreSQL provider, its own generated client. Committed; CI fails when it drifts.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = readFileSync(`${root}prisma/schema.prisma`, "utf8");
const withProvider = source.replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
const output = withProvider.replace('output     = "../lib/generated/sqlite"', 'output     = "../lib/generated/postgres"');
if (withProvider === source) throw new Error("prisma/schema.prisma: sqlite provider not found");
if (output === withProvider) throw new Error("prisma/schema.prisma: sqlite client output not found");
writeFileSync(`${root}prisma/schema.postgres.prisma`, "// GENERATED from prisma/schema.prisma - do not edit\n" + output);
