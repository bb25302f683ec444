import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPersonalKey, MAX_PERSONAL_KEYS, revokePersonalKey } from "@/lib/account/personal-keys";
import { createApplication, createClientSecret, deleteApplication, NotFoundError, revokeClientSecret, updateApplication, updateOpenIdSettings } from "@/lib/apps/applications";
import { openIdSettingsSchema } from "@/lib/apps/openid-settings";
import { requestRestrictedScope } from "@/lib/apps/restricted-scopes";
import { applicationFieldsSchema, newApplicationSchema } from "@/lib/apps/schemas";
import { signUp } from "@/lib/auth/accounts";
import { changePassword, deleteAccount, updateProfile } from "@/lib/auth/account-settings";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { changePasswordSchema, profileSchema, signUpSchema, usernameSchema } from "@/lib/auth/schemas";
import { baseUsernameFromEmail } from "@/lib/auth/username";
import { db } from "@/lib/testing/prisma";
import { addApiScope, registerApi } from "@/lib/operator/apis";
import { checkRedirectUri } from "@/lib/oauth/redirect-uri";
import { BASE_SCOPE, DEFAULT_SCOPES } from "@/lib/oauth/scopes";
import { digest, secretHint } from "@/lib/oauth/secrets";
import { type ClientType, ID_TOKEN_ALGS } from "@/lib/oauth/storage";
import { resetScopeCatalogue } from "@/lib/scope-catalogue";
import { hasControlCharacters, hasInvisibleCharacters } from "@/lib/text";
import { createTestOperator, createTestUser } from "@/lib/testing/fixtures";

/**
 * The dashboard's and account page's server actions, fed what a hostile form post can carry
 * (FormData values: strings of any content, missing fields, repeated fields, files' names) and
 * forms a person could fill in, whole or with some fields garbled. For every generated form the
 * answer is a form result (or NotFound), never an exception, and either
 * - refused: every row of every table reads back as before, or
 * - accepted: the rows that changed are exactly the ones the form is about, and they hold the
 *   input as the form normalises it (trimmed, NFKC, lower-cased, blank as null), read back.
 * Each action must both accept and refuse some of the forms, so neither half is vacuous.
 */
const RUNS = 150;

// --- What is stored, before and after each run ----------------------------------------------

type Row = Record<string, unknown>;
/** Every table a form could write to. */
const TABLES = [
  "user",
  "application",
  "clientSecret",
  "redirectUri",
  "postLogoutRedirectUri",
  "personalKey",
  "scopeApproval",
  "grant",
  "pendingAuthorization",
  "authorizationCode",
  "tokenFamily",
  "accessToken",
  "refreshToken",
  "endedRefreshToken",
  "endedSession",
  "operatorAction",
  "registeredApi",
  "apiScope",
  "apiSecret",
  "catalogueVersion",
] as const;
type Table = (typeof TABLES)[number];
type Snapshot = Record<Table, Map<string, Row>>;

/**
 * Every row of every table, by primary key. updatedAt is left out: the secret and key inserts
 * write their parent row first, as a lock (lib/db/applications.ts, lib/db/personal-keys.ts), and
 * that stamp is no stored fact of a form.
 */
async function snapshot(): Promise<Snapshot> {
  const tables = db() as unknown as Record<Table, { findMany(): Promise<Row[]> }>;
  const read = async (table: Table) => {
    // CatalogueVersion row 2 is PostgreSQL's count of changes to cached rows (migration 0007), no stored fact of a form.
    const rows = (await tables[table].findMany()).filter((row) => table !== "catalogueVersion" || row.id !== 2);
    return [table, new Map(rows.map((row) => [String(row.id ?? row.digest ?? row.sid), withoutUpdatedAt(row)]))] as const;
  };
  return Object.fromEntries(await Promise.all(TABLES.map(read))) as Snapshot;
}

function withoutUpdatedAt(row: Row): Row {
  const kept = { ...row };
  delete kept.updatedAt;
  return kept;
}

type Change = {
  added: Partial<Record<Table, Row[]>>;
  removed: Partial<Record<Table, Row[]>>;
  changed: Partial<Record<Table, { before: Row; after: Row }[]>>;
};

function changeBetween(before: Snapshot, after: Snapshot): Change {
  const change: Change = { added: {}, removed: {}, changed: {} };
  const push = <K extends keyof Change>(kind: K, table: Table, entry: NonNullable<Change[K][Table]>[number]) =>
    ((change[kind][table] ??= []) as unknown[]).push(entry);
  for (const table of TABLES) {
    for (const [key, row] of after[table]) {
      const old = before[table].get(key);
      if (!old) push("added", table, row);
      else if (!isDeepStrictEqual(old, row)) push("changed", table, { before: old, after: row });
    }
    for (const [key, row] of before[table]) if (!after[table].has(key)) push("removed", table, row);
  }
  return change;
}

/** How many rows of each table were added (+), removed (-) and changed (~): {} when nothing was. */
function tally(change: Change): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [kind, sign] of [["added", "+"], ["removed", "-"], ["changed", "~"]] as const) {
    for (const [table, rows] of Object.entries(change[kind])) counts[sign + table] = rows!.length;
  }
  return counts;
}

/** The fields of a changed row whose values differ. */
const fieldsChanged = ({ before, after }: { before: Row; after: Row }) => Object.keys(after).filter((k) => !isDeepStrictEqual(before[k], after[k]));

/** The URIs of added RedirectUri (or PostLogoutRedirectUri) rows, in their positions (which must be 0, 1, ...), all of the one app. */
function urisOf(rows: Row[] | undefined, applicationId: string): string[] {
  const sorted = [...(rows ?? [])].sort((a, b) => (a.position as number) - (b.position as number));
  expect(sorted.map((r) => [r.applicationId, r.position])).toEqual(sorted.map((_, i) => [applicationId, i]));
  return sorted.map((r) => r.uri as string);
}

// --- Runs -------------------------------------------------------------------------------------

type Action<T, S, R> = {
  /** What one run acts on, made before the "before" snapshot (a victim to delete, a known password). */
  setup?: () => Promise<S>;
  act: (input: T, setup: S) => Promise<R>;
  /** Whether the answer accepts the form: by default a form result with ok: true (NotFound always refuses). */
  accepted?: (result: R) => boolean;
  /** What an accepted form must have stored: the change against the input. */
  stored: (input: T, result: R, change: Change, setup: S) => Promise<void> | void;
};

/** What each action made of its forms, for the log. */
const outcomes: string[] = [];

const isOk = (result: unknown) => typeof result === "object" && result !== null && (result as { ok?: unknown }).ok === true;

async function hostile<T, R, S = undefined>(name: string, arbitrary: fc.Arbitrary<T>, action: Action<T, S, R>) {
  const seen = { accepted: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      const context = (await action.setup?.()) as S;
      const before = await snapshot();
      let result: R | undefined;
      let notFound = false;
      try {
        result = await action.act(input, context);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        notFound = true;
      }
      const accepted = !notFound && (action.accepted ?? isOk)(result as R);
      const after = await snapshot();
      if (accepted) await action.stored(input, result as R, changeBetween(before, after), context);
      // Every row of every table, field by field, as before the form.
      else expect(after, `${name} refused the form and changed what is stored`).toStrictEqual(before);
      seen[accepted ? "accepted" : "refused"]++;
    }),
    { numRuns: RUNS },
  );
  expect(seen.accepted, `${name}: no generated form was accepted`).toBeGreaterThan(0);
  expect(seen.refused, `${name}: every generated form was accepted`).toBeGreaterThan(0);
  outcomes.push(`${name} accepted ${seen.accepted} of ${seen.accepted + seen.refused}`);
}

// --- Forms ------------------------------------------------------------------------------------

const value = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("\u0000", "a\u0000b", "\u202eevil", "https://a.example/cb", "http://evil.example/cb", "javascript:alert(1)", "confidential", "public", "email", "x".repeat(5000), "", "   "),
);
const field = fc.oneof(value, fc.array(value, { maxLength: 4 }));

type Form = Record<string, unknown>;
/** A form of these fields: all garbage (some missing); as a person fills it in; or that with some fields garbage or missing. */
function form(plausible: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Form> {
  const names = Object.keys(plausible);
  const garbled = (n: string) => fc.oneof({ arbitrary: plausible[n]!, weight: 4 }, { arbitrary: field, weight: 1 });
  return fc.oneof(
    fc.record(Object.fromEntries(names.map((n) => [n, field])), { requiredKeys: [] }),
    fc.record(plausible),
    fc.record(Object.fromEntries(names.map((n) => [n, garbled(n)])), { requiredKeys: names.slice(1) }),
  );
}

/** White space around a value, as browsers post what people paste. */
const padded = (a: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom("", " ", " \t"), a, fc.constantFrom("", " ", "\n")).map(([l, s, r]) => l + s + r);
/**
 * Text as a person types it, one time in four with a character slipped in that no field may
 * store: a control character, a line break, or one that shows nothing (a direction override, a
 * zero-width space, a soft hyphen, a Hangul filler, a variation selector).
 */
function typed(a: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const slipped = fc
    .tuple(a, fc.constantFrom("\u0000", "\u0007", "\t", "\n", "\u001b", "\u007f", "\u202e", "\u200b", "\u00ad", "\u3164", "\ufe0f"), fc.nat())
    .map(([s, c, at]) => s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1)));
  return fc.oneof({ arbitrary: a, weight: 3 }, { arbitrary: slipped, weight: 1 });
}
const word = fc.stringMatching(/^[A-Z][a-z]{2,9}$/);
/** Names, some in compatibility forms that NFKC folds (fullwidth letters, a ligature, a decomposed accent). */
const name = padded(typed(fc.oneof(word, fc.tuple(word, word).map((w) => w.join(" ")), fc.constantFrom("Ｎｏｔｅｓ Ｓｙｎｃ", "ﬁle Mover", "Cafe\u0301 Menu"))));
const sentence = typed(fc.oneof(
  fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 1, maxLength: 8 }).map((w) => w.join(" ")),
  fc.constantFrom("Support reads notes\nfor customers who ask", "Ｆｕｌｌｗｉｄｔｈ words for the operator"),
));
const https = fc.stringMatching(/^[a-z]{3,8}$/).map((h) => `https://${h}.example/page`);
const optionalUrl = fc.oneof(fc.constant(null), fc.constant(""), padded(https));
const redirectUris = fc.array(
  fc.oneof(padded(fc.stringMatching(/^[a-z]{3,8}$/).map((h) => `https://${h}.example/cb`)), fc.constantFrom("http://127.0.0.1:8080/cb", "http://localhost/cb", "com.example.app:/callback", "")),
  { minLength: 1, maxLength: 4 },
);
/** Post-logout redirect URIs as a developer fills them in: none, some, a repeat, one too many. */
const postLogoutRedirectUris = fc.array(
  fc.oneof(padded(fc.stringMatching(/^[a-z]{3,8}$/).map((h) => `https://${h}.example/bye`)), fc.constantFrom("http://127.0.0.1:8080/bye", "https://a.example/bye#x", "com.example.app:/bye", "")),
  { maxLength: 4 },
);
const idTokenAlg = fc.constantFrom("RS256", "ES256");
const applicationForm = {
  name,
  description: fc.oneof(fc.constant(null), fc.constant(""), padded(sentence)),
  homepageUrl: optionalUrl,
  privacyPolicyUrl: optionalUrl,
  termsUrl: optionalUrl,
  redirectUris,
};
const password = fc.oneof(fc.string({ minLength: 8, maxLength: 24 }), fc.constantFrom("correct horse battery", "ｆｕｌｌｗｉｄｔｈ-ｐａｓｓ", "password123", "short"));
const username = padded(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9-]{1,12}[a-zA-Z0-9]$/));
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9.+]{0,10}$/), fc.constantFrom("example.com", "Example.ORG"), fc.boolean())
  .map(([local, domain, upper]) => `${upper ? local.toUpperCase() : local}@${domain}`);

// --- The input as each form normalises it ---------------------------------------------------

function string(v: unknown): string {
  expect(typeof v, "an accepted field is a string").toBe("string");
  return v as string;
}
const text = (v: unknown) => string(v).trim().normalize("NFKC");
const optionalText = (v: unknown) => (v === null || v === undefined ? null : text(v) || null);
const optionalHttps = (v: unknown) => (v === null || v === undefined ? null : string(v).trim() || null);
/** What a stored name or description may hold: no control characters (line breaks where allowed), nothing invisible, NFKC. */
function expectCleanText(stored: unknown, { lineBreaks = false } = {}) {
  if (stored === null) return;
  const s = string(stored);
  expect(hasControlCharacters(s, { lineBreaks }), JSON.stringify(s)).toBe(false);
  expect(hasInvisibleCharacters(s), JSON.stringify(s)).toBe(false);
  expect(s.normalize("NFKC")).toBe(s);
}

function expectedApplication(i: Form) {
  return {
    name: text(i.name),
    description: optionalText(i.description),
    homepageUrl: optionalHttps(i.homepageUrl),
    privacyPolicyUrl: optionalHttps(i.privacyPolicyUrl),
    termsUrl: optionalHttps(i.termsUrl),
  };
}
/**
 * The filled URI rows, trimmed, in their order; each one a URI the rules allow for the client
 * type. A row that is not text (a form never sends one) counts as a blank row, as the action reads it.
 */
function expectedUris(v: unknown, clientType: ClientType): string[] {
  const uris = (Array.isArray(v) ? v.slice(0, 10) : []).map((u) => (typeof u === "string" ? u.trim() : "")).filter(Boolean);
  for (const uri of uris) expect(checkRedirectUri(uri, clientType), uri).toMatchObject({ ok: true });
  return uris;
}
function expectStoredApplication(row: Row, i: Form) {
  expect(row).toMatchObject(expectedApplication(i));
  expectCleanText(row.name);
  expectCleanText(row.description, { lineBreaks: true });
  for (const url of [row.homepageUrl, row.privacyPolicyUrl, row.termsUrl]) if (url !== null) expect(url).toMatch(/^https:\/\/[^\s]+$/);
}

describe("hostile input at the dashboard's and account page's actions", () => {
  it("application forms, secrets, restricted-scope requests and deletion", async () => {
    const owner = await createTestUser();
    const other = await createTestUser("Other");
    const target = await createApplication(owner.id, { name: "Target", clientType: "confidential", redirectUris: ["https://target.example/cb"] });
    const foreign = await createApplication(other.id, { name: "Foreign", clientType: "confidential", redirectUris: ["https://foreign.example/cb"] });
    if (!target.ok || !foreign.ok) throw new Error("no apps");
    const foreignSecret = (await db().clientSecret.findFirstOrThrow({ where: { applicationId: foreign.id } })).id;
    /** The app a form names: mostly ours, else someone else's or garbage. */
    const appId = fc.oneof({ arbitrary: fc.constant(target.id), weight: 4 }, { arbitrary: fc.constant(foreign.id), weight: 1 }, { arbitrary: value, weight: 1 });

    await hostile("createApplication", form({ ...applicationForm, clientType: fc.constantFrom("confidential", "public"), idTokenAlg: fc.oneof(idTokenAlg, fc.constant(null)), postLogoutRedirectUris }), {
      act: (i) => createApplication(owner.id, i),
      stored: (i, result, change) => {
        if (!result.ok) throw new Error("not accepted");
        expect(newApplicationSchema.safeParse(i).success).toBe(true);
        const clientType = i.clientType as ClientType;
        const uris = expectedUris(i.redirectUris, clientType);
        const logoutUris = expectedUris(i.postLogoutRedirectUris, clientType);
        const confidential = clientType === "confidential";
        expect(tally(change)).toEqual({
          "+application": 1,
          "+redirectUri": uris.length,
          ...(logoutUris.length ? { "+postLogoutRedirectUri": logoutUris.length } : {}),
          ...(confidential ? { "+clientSecret": 1 } : {}),
        });
        const app = change.added.application![0]!;
        // Left out (or null, as FormData gives a missing field), the algorithm is RS256.
        const alg = i.idTokenAlg ?? "RS256";
        expect(ID_TOKEN_ALGS).toContain(alg);
        expect(app).toStrictEqual({ id: result.id, clientId: result.clientId, ownerId: owner.id, clientType, idTokenAlg: alg, grantTypes: "authorization_code refresh_token", ...expectedApplication(i), createdAt: expect.any(Date) });
        expectStoredApplication(app, i);
        expect(urisOf(change.added.redirectUri, result.id)).toEqual(uris);
        expect(urisOf(change.added.postLogoutRedirectUri, result.id)).toEqual(logoutUris);
        if (!confidential) return expect(result.clientSecret).toBeNull();
        expect(change.added.clientSecret![0]).toStrictEqual({
          id: expect.any(String),
          applicationId: result.id,
          digest: digest(result.clientSecret!),
          ...secretHint(result.clientSecret!),
          createdAt: expect.any(Date),
          lastUsedAt: null,
        });
      },
    });

    await hostile("updateApplication", fc.tuple(appId, form(applicationForm)), {
      act: ([id, i]) => updateApplication(owner.id, id, i),
      stored: async ([id, i], _result, change) => {
        expect(id).toBe(target.id);
        expect(applicationFieldsSchema.safeParse(i).success).toBe(true);
        const uris = expectedUris(i.redirectUris, "confidential");
        const { "~application": updated = 0, ...rest } = tally(change);
        expect(updated).toBeLessThanOrEqual(1);
        // The redirect URIs are replaced: every old row goes, the new ones come in order.
        const old = change.removed.redirectUri ?? [];
        expect(rest).toEqual({ ...(old.length ? { "-redirectUri": old.length } : {}), "+redirectUri": uris.length });
        expect(old.every((r) => r.applicationId === target.id)).toBe(true);
        expect(urisOf(change.added.redirectUri, target.id)).toEqual(uris);
        expect(await db().redirectUri.count({ where: { applicationId: target.id } })).toBe(uris.length);
        const app = withoutUpdatedAt(await db().application.findUniqueOrThrow({ where: { id: target.id } }));
        // The algorithm is the OpenID Connect form's: unchanged here, as every field but the form's.
        expect(app).toStrictEqual({ id: target.id, clientId: target.clientId, ownerId: owner.id, clientType: "confidential", idTokenAlg: expect.any(String), grantTypes: "authorization_code refresh_token", ...expectedApplication(i), createdAt: expect.any(Date) });
        expectStoredApplication(app, i);
        if (updated) expect(fieldsChanged(change.changed.application![0]!).every((f) => f in expectedApplication(i))).toBe(true);
      },
    });

    await hostile("updateOpenIdSettings", fc.tuple(appId, form({ idTokenAlg, postLogoutRedirectUris })), {
      act: ([id, i]) => updateOpenIdSettings(owner.id, id, i),
      stored: async ([id, i], _result, change) => {
        expect(id).toBe(target.id);
        expect(openIdSettingsSchema.safeParse(i).success).toBe(true);
        const uris = expectedUris(i.postLogoutRedirectUris, "confidential");
        expect(uris.length).toBeLessThanOrEqual(3);
        expect(new Set(uris).size).toBe(uris.length);
        const { "~application": updated = 0, ...rest } = tally(change);
        expect(updated).toBeLessThanOrEqual(1);
        if (updated) expect(fieldsChanged(change.changed.application![0]!)).toEqual(["idTokenAlg"]);
        // The post-logout redirect URIs are replaced: every old row goes, the new ones come in order; nothing else moves.
        const old = change.removed.postLogoutRedirectUri ?? [];
        expect(rest).toEqual({ ...(old.length ? { "-postLogoutRedirectUri": old.length } : {}), ...(uris.length ? { "+postLogoutRedirectUri": uris.length } : {}) });
        expect(old.every((r) => r.applicationId === target.id)).toBe(true);
        expect(urisOf(change.added.postLogoutRedirectUri, target.id)).toEqual(uris);
        expect(await db().postLogoutRedirectUri.count({ where: { applicationId: target.id } })).toBe(uris.length);
        expect((await db().application.findUniqueOrThrow({ where: { id: target.id } })).idTokenAlg).toBe(i.idTokenAlg);
      },
    });

    // Each run deletes (or not) a fresh app of the owner's, named Victim, with two redirect URIs, a post-logout one and a secret.
    const victimName = "Victim";
    await hostile("deleteApplication", fc.tuple(fc.oneof(fc.constant("victim"), fc.constant(foreign.id), value), fc.oneof(value, fc.constantFrom(victimName, `  ${victimName} `, "victim", "Target"))), {
      setup: async () => {
        await db().application.deleteMany({ where: { ownerId: owner.id, name: victimName } });
        const victim = await createApplication(owner.id, {
          name: victimName,
          clientType: "confidential",
          redirectUris: ["https://victim.example/cb", "https://victim.example/two"],
          postLogoutRedirectUris: ["https://victim.example/bye"],
        });
        if (!victim.ok) throw new Error(`no victim: ${JSON.stringify(victim)}`);
        return victim.id;
      },
      act: ([id, confirmation], victimId) => deleteApplication(owner.id, id === "victim" ? victimId : id, confirmation),
      stored: ([id, confirmation], _result, change, victimId) => {
        expect(id).toBe("victim");
        expect(string(confirmation).trim()).toBe(victimName);
        expect(tally(change)).toEqual({ "-application": 1, "-redirectUri": 2, "-postLogoutRedirectUri": 1, "-clientSecret": 1 });
        expect(change.removed.application![0]!.id).toBe(victimId);
        expect([...change.removed.redirectUri!, ...change.removed.postLogoutRedirectUri!, ...change.removed.clientSecret!].every((r) => r.applicationId === victimId)).toBe(true);
      },
    });

    // "ours" stands for a secret the target app holds in that run.
    await hostile("revokeClientSecret", fc.tuple(appId, fc.oneof(fc.constant("ours"), fc.constant(foreignSecret), value)), {
      setup: async () => {
        if ((await db().clientSecret.count({ where: { applicationId: target.id } })) === 0) await createClientSecret(owner.id, target.id);
        return (await db().clientSecret.findFirstOrThrow({ where: { applicationId: target.id } })).id;
      },
      act: ([id, secretId], ours) => revokeClientSecret(owner.id, id, secretId === "ours" ? ours : secretId),
      accepted: () => true,
      stored: ([id, secretId], _result, change, ours) => {
        expect([id, secretId]).toEqual([target.id, "ours"]);
        expect(tally(change)).toEqual({ "-clientSecret": 1 });
        expect(change.removed.clientSecret![0]).toMatchObject({ id: ours, applicationId: target.id });
      },
    });

    const operator = await createTestOperator();
    const api = await registerApi(operator, { name: "Notes", identifier: `https://notes-${randomBytes(3).toString("hex")}.example` });
    if (!api.ok) throw new Error("no api");
    const restricted = "notes.admin";
    expect(await addApiScope(operator, api.id, { name: restricted, description: "Manage all notes", restricted: "on" })).toEqual({ ok: true });
    resetScopeCatalogue();
    let run = 0;
    await hostile("requestRestrictedScope", fc.tuple(appId, form({ scope: fc.constantFrom(restricted, "email", "notes.unknown"), reason: padded(sentence) })), {
      // Every other run an operator has denied the waiting request, so the app may ask again.
      setup: async () => void (run++ % 2 === 0 && (await db().scopeApproval.updateMany({ where: { applicationId: target.id }, data: { status: "denied", note: "no", decidedBy: operator.id, decidedAt: new Date() } }))),
      act: ([id, i]) => requestRestrictedScope(owner.id, id ?? target.id, i),
      stored: ([id, i], _result, change) => {
        expect(id ?? target.id).toBe(target.id);
        expect(i.scope).toBe(restricted);
        // A first request adds the row; one after a denial turns it back to pending.
        expect(tally(change)).toEqual(change.added.scopeApproval ? { "+scopeApproval": 1 } : { "~scopeApproval": 1 });
        const row = change.added.scopeApproval?.[0] ?? change.changed.scopeApproval![0]!.after;
        const reason = text(i.reason);
        expect(reason.length).toBeGreaterThanOrEqual(10);
        expect(row).toStrictEqual({ id: expect.any(String), applicationId: target.id, scope: restricted, status: "pending", reason, note: null, decidedBy: null, decidedAt: null, createdAt: expect.any(Date) });
        expectCleanText(row.reason, { lineBreaks: true });
      },
    });

    console.log(`hostile input: ${outcomes.splice(0).join("; ")}`);
    expect(await db().application.count({ where: { id: target.id } })).toBe(1);
  }, 120_000);

  it("account forms: sign-up, profile, password, deletion, personal keys", async () => {
    const user = await createTestUser();
    const other = await createTestUser("Other");
    const current = "current-Passw0rd";
    const currentHash = await hashPassword(current);

    await hostile("signUp", form({ email: padded(email), name, password, username: fc.oneof(fc.constant(null), fc.constant(""), username) }), {
      act: (i) => signUp(i),
      stored: async (i, result, change) => {
        if (!result.ok) throw new Error("not accepted");
        expect(signUpSchema.safeParse(i).success).toBe(true);
        expect(tally(change)).toEqual({ "+user": 1 });
        const row = change.added.user![0]!;
        const storedEmail = string(i.email).trim().toLowerCase();
        const chosen = typeof i.username === "string" ? i.username.trim().toLowerCase() : "";
        expect(row).toStrictEqual({
          id: result.user.id,
          email: storedEmail,
          name: text(i.name),
          username: chosen || expect.stringMatching(new RegExp(`^${baseUsernameFromEmail(storedEmail)}(-\\d+)?$`)),
          passwordHash: expect.any(String),
          sessionVersion: 0,
          role: "user",
          createdAt: expect.any(Date),
        });
        expectCleanText(row.name);
        expect(usernameSchema.safeParse(row.username).success).toBe(true);
        expect(row.passwordHash).not.toContain(string(i.password));
        expect(await verifyPassword(row.passwordHash as string, string(i.password).normalize("NFKC"))).toBe(true);
      },
    });

    await hostile("updateProfile", form({ name, username }), {
      act: (i) => updateProfile(user.id, i),
      stored: async (i, _result, change) => {
        expect(profileSchema.safeParse(i).success).toBe(true);
        const t = tally(change);
        expect(t).toEqual(t["~user"] ? { "~user": 1 } : {});
        if (t["~user"]) expect(fieldsChanged(change.changed.user![0]!).every((f) => f === "name" || f === "username")).toBe(true);
        const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
        expect(row).toMatchObject({ name: text(i.name), username: string(i.username).trim().toLowerCase() });
        expectCleanText(row.name);
      },
    });

    // Each run starts from the known current password.
    await hostile("changePassword", form({ currentPassword: fc.constantFrom(current, "wrong-Passw0rd", ` ${current}`), newPassword: password }), {
      setup: async () => void (await db().user.update({ where: { id: user.id }, data: { passwordHash: currentHash } })),
      act: (i) => changePassword(user.id, i),
      stored: async (i, result, change) => {
        if (!result.ok) throw new Error("not accepted");
        expect(changePasswordSchema.safeParse(i).success).toBe(true);
        expect(i.currentPassword).toBe(current);
        expect(tally(change)).toEqual({ "~user": 1 });
        const { before, after } = change.changed.user![0]!;
        expect(fieldsChanged({ before, after }).sort()).toEqual(["passwordHash", "sessionVersion"]);
        expect(after.sessionVersion).toBe((before.sessionVersion as number) + 1);
        expect(result.sessionVersion).toBe(after.sessionVersion);
        expect(await verifyPassword(after.passwordHash as string, string(i.newPassword).normalize("NFKC"))).toBe(true);
      },
    });

    // Each run offers a fresh account, with the known password, to delete.
    await hostile("deleteAccount", form({ password: fc.constantFrom(current, "wrong-Passw0rd", current.toUpperCase()) }), {
      setup: async () => {
        const tag = randomBytes(5).toString("hex");
        return (await db().user.create({ data: { email: `${tag}@example.com`, name: "Victim", username: `v-${tag}`, passwordHash: currentHash } })).id;
      },
      act: (i, victimId) => deleteAccount(victimId, i),
      stored: (i, _result, change, victimId) => {
        expect(i.password).toBe(current);
        expect(tally(change)).toEqual({ "-user": 1 });
        expect(change.removed.user![0]!.id).toBe(victimId);
      },
    });

    const now = new Date();
    const keyForm = form({
      name: padded(fc.oneof(word, sentence)),
      scopes: fc.oneof(fc.subarray(["user.read", "profile", "email"]), fc.constant(["profile", "notes.unknown"]), fc.constant(["email", "email"])),
      expiry: fc.constantFrom("7", "30", "90", "none"),
    });
    let keyRun = 0;
    await hostile("createPersonalKey", keyForm, {
      // A user with MAX_PERSONAL_KEYS keys is refused another; two runs in three make room first.
      setup: async () => {
        const keys = await db().personalKey.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
        if (keys.length >= MAX_PERSONAL_KEYS && keyRun++ % 3 !== 0) await db().personalKey.delete({ where: { id: keys[0]!.id } });
      },
      act: (i) => createPersonalKey(user.id, i, DEFAULT_SCOPES, now),
      stored: (i, result, change) => {
        if (!result.ok) throw new Error("not accepted");
        expect(tally(change)).toEqual({ "+personalKey": 1 });
        const scopes = (i.scopes as unknown[]).map(string);
        expect(scopes.every((s) => DEFAULT_SCOPES.some((d) => d.name === s))).toBe(true);
        const days = i.expiry === "none" ? null : Number(i.expiry);
        expect(change.added.personalKey![0]).toStrictEqual({
          id: expect.any(String),
          userId: user.id,
          name: string(i.name).trim(),
          digest: digest(result.key),
          ...secretHint(result.key),
          scope: [...new Set([BASE_SCOPE, ...scopes])].sort().join(" "),
          expiresAt: days === null ? null : new Date(now.getTime() + days * 86_400_000),
          audience: null,
          lastUsedAt: null,
          createdAt: expect.any(Date),
        });
        expect(hasControlCharacters(change.added.personalKey![0]!.name as string)).toBe(false);
      },
    });
    // Past MAX_PERSONAL_KEYS the form is refused: the user holds at most that many.
    expect(await db().personalKey.count({ where: { userId: user.id } })).toBeLessThanOrEqual(MAX_PERSONAL_KEYS);

    const ours = (await db().personalKey.findMany({ where: { userId: user.id } })).map((k) => k.id);
    const theirs = await createPersonalKey(other.id, { name: "theirs", scopes: [], expiry: "none" }, DEFAULT_SCOPES);
    if (!theirs.ok) throw new Error("no key");
    const theirId = (await db().personalKey.findFirstOrThrow({ where: { userId: other.id } })).id;
    await hostile("revokePersonalKey", fc.oneof(value, fc.constantFrom(...ours, theirId)), {
      act: (id) => revokePersonalKey(user.id, id),
      accepted: (revoked) => revoked,
      stored: (id, _result, change) => {
        expect(ours).toContain(id);
        expect(tally(change)).toEqual({ "-personalKey": 1 });
        expect(change.removed.personalKey![0]).toMatchObject({ id, userId: user.id });
      },
    });

    console.log(`hostile input: ${outcomes.splice(0).join("; ")}`);
    expect(await db().user.count({ where: { id: user.id } })).toBe(1);
    expect(await db().personalKey.count({ where: { id: theirId } })).toBe(1);
  }, 120_000);
});
