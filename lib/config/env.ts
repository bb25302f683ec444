import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Lifetimes } from "@/lib/oauth/context";
import { DEFAULT_MAX_KEYS } from "@/lib/rate-limit/bounded-counts";
import { budgetSchema, DEFAULT_BUDGETS, POLICIES, POLICY_NAMES, type Budget, type PolicyName } from "@/lib/rate-limit/policies";

/**
 * Every environment variable Gatehouse reads, parsed once with zod at run time (never frozen
 * into the build). The README's configuration table lists the same variables.
 */
/**
 * PostgreSQL connections per process (GATEHOUSE_DB_POOL). Measured by `npm run bench -- --db-pool`:
 * 2 costs the write grants a fifth of their rate, 5 to 40 are alike (docs/DEPLOYMENT.md).
 */
export const DEFAULT_DB_POOL = 10;

const positiveSeconds = (fallback: number) => z.coerce.number().int().positive().max(10 * 365 * 86400).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Directory of the checkout; set by the start script so a relative SQLite path never depends on the working directory. */
  GATEHOUSE_ROOT: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must start with file: or postgresql://")
    .optional(),
  /**
   * PostgreSQL: the connections of the process's one query pool, shared by storage and the rate
   * limiter (one more listens for changes). Measured default: docs/PERFORMANCE.md, "PostgreSQL pool sizing".
   */
  GATEHOUSE_DB_POOL: z.coerce.number().int().min(1).max(100).default(DEFAULT_DB_POOL),
  GATEHOUSE_ISSUER: z
    .url({ protocol: /^https?$/, error: "GATEHOUSE_ISSUER must be an absolute http(s) URL" })
    .refine((u) => !/[?#]/.test(u), "GATEHOUSE_ISSUER must not have a query or fragment")
    .optional(),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  GATEHOUSE_SCOPES_FILE: z.string().min(1).optional(),
  GATEHOUSE_CODE_TTL: positiveSeconds(300),
  GATEHOUSE_PERSONAL_CODE_TTL: positiveSeconds(90),
  GATEHOUSE_ACCESS_TOKEN_TTL: positiveSeconds(7200),
  GATEHOUSE_REFRESH_TOKEN_TTL: positiveSeconds(30 * 86400),
  GATEHOUSE_REFRESH_ABSOLUTE_TTL: positiveSeconds(90 * 86400),
  /** How long an ID token is valid (OpenID Connect Core §2 exp); a retired signing key stays published this long after it stops signing. */
  GATEHOUSE_ID_TOKEN_TTL: positiveSeconds(3600),
  /** How long an app's own access token (client_credentials) is valid; it has no refresh token. */
  GATEHOUSE_SERVICE_TOKEN_TTL: positiveSeconds(3600),
  /**
   * on: a registered API's introspection sees only tokens bound to it with resource (RFC 8707)
   * and personal keys bound to it; off (the default, for APIs that predate resource indicators):
   * unbound tokens carrying its scopes too.
   */
  GATEHOUSE_REQUIRE_AUDIENCE: z.enum(["on", "off"], "GATEHOUSE_REQUIRE_AUDIENCE must be on or off").default("off"),
  /**
   * The key-encryption key that seals the ID token signing keys in the database; when unset, one
   * derived from NEXTAUTH_SECRET. Changing it: set the old value as GATEHOUSE_KEY_SECRET_PREVIOUS,
   * then `npm run keys -- rewrap` (docs/DEPLOYMENT.md, "Signing keys").
   */
  GATEHOUSE_KEY_SECRET: z.string().min(32, "GATEHOUSE_KEY_SECRET must be at least 32 characters").optional(),
  /** The key-encryption key before the last change: keys it sealed still open until `npm run keys -- rewrap` moves them. */
  GATEHOUSE_KEY_SECRET_PREVIOUS: z.string().min(32, "GATEHOUSE_KEY_SECRET_PREVIOUS must be at least 32 characters").optional(),
  /** How many reverse proxies in front of Gatehouse to trust for X-Forwarded-For (0: the socket's address is the client's). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** At most this many argon2 hashes at once; more sign-ins wait their turn (a flood cannot starve the server). */
  GATEHOUSE_ARGON2_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  ...Object.fromEntries(POLICY_NAMES.map((name) => [POLICIES[name].env, budgetSchema.optional()])),
  /** The most keys (addresses, apps, pairs) the process holds for one rate-limit budget: about 160 bytes each. */
  GATEHOUSE_LIMIT_MAX_KEYS: z.coerce.number().int().min(100).max(1_000_000).default(DEFAULT_MAX_KEYS),
  /** The most connections one socket address may hold open to the HTTP front (0: no cap); never applied behind TRUST_PROXY. */
  GATEHOUSE_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(256),
  /**
   * Seconds between SIGTERM and the end of accepting connections, while /readyz already answers
   * 503, so a load balancer's probe sees the instance leave before it stops. SIGINT (Ctrl-C) skips it.
   */
  GATEHOUSE_DRAIN_DELAY: z.coerce.number().min(0).max(300).default(5),
  /** Seconds from SIGTERM after which the process exits whatever is still in flight: under an orchestrator's grace (30 s). */
  GATEHOUSE_SHUTDOWN_TIMEOUT: z.coerce.number().min(1).max(600).default(25),
  /** The port of the Prometheus metrics listener; none when unset. */
  GATEHOUSE_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** The address the metrics listener binds: loopback unless stated. */
  GATEHOUSE_METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** The request log's level (pino's): info logs one line a protocol request. */
  GATEHOUSE_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "GATEHOUSE_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent").default("info"),
  /**
   * on: `npm start` applies pending migrations before serving; off: it only checks that this
   * build's migrations are applied (by `npm run db:deploy`, the release step) and refuses to serve otherwise.
   */
  GATEHOUSE_MIGRATE: z.enum(["on", "off"], "GATEHOUSE_MIGRATE must be on or off").default("on"),
});

/** The name of every variable the schema reads (the README's table and docs/DEPLOYMENT.md list each). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment (process.env by default) into a Config, or throws a ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>) {
  const blankAsMissing = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(blankAsMissing);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const root = path.resolve(/*turbopackIgnore: true*/ e.GATEHOUSE_ROOT ?? process.cwd());
  const issuer = (e.GATEHOUSE_ISSUER ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    nodeEnv: e.NODE_ENV,
    root,
    databaseUrl: resolveDatabaseUrl(e.DATABASE_URL, root),
    dbPool: e.GATEHOUSE_DB_POOL,
    issuer,
    nextAuthUrl: e.NEXTAUTH_URL ?? issuer,
    nextAuthSecret: e.NEXTAUTH_SECRET,
    trustProxy: e.TRUST_PROXY,
    argon2Concurrency: e.GATEHOUSE_ARGON2_CONCURRENCY,
    rateLimits: Object.fromEntries(
      POLICY_NAMES.map((name) => [name, (e as Record<string, unknown>)[POLICIES[name].env] ?? DEFAULT_BUDGETS[name]]),
    ) as Record<PolicyName, Budget>,
    rateLimitMaxKeys: e.GATEHOUSE_LIMIT_MAX_KEYS,
    maxConnectionsPerAddress: e.GATEHOUSE_MAX_CONNECTIONS_PER_ADDRESS,
    shutdown: { drainDelayMs: e.GATEHOUSE_DRAIN_DELAY * 1000, timeoutMs: e.GATEHOUSE_SHUTDOWN_TIMEOUT * 1000 },
    metrics: e.GATEHOUSE_METRICS_PORT === undefined ? null : { port: e.GATEHOUSE_METRICS_PORT, host: e.GATEHOUSE_METRICS_HOST },
    logLevel: e.GATEHOUSE_LOG_LEVEL,
    migrate: e.GATEHOUSE_MIGRATE,
    requireAudience: e.GATEHOUSE_REQUIRE_AUDIENCE === "on",
    keySecrets: { current: e.GATEHOUSE_KEY_SECRET, previous: e.GATEHOUSE_KEY_SECRET_PREVIOUS },
    scopesFile: e.GATEHOUSE_SCOPES_FILE ? path.resolve(/*turbopackIgnore: true*/ root, e.GATEHOUSE_SCOPES_FILE) : undefined,
    lifetimes: {
      codeSeconds: e.GATEHOUSE_CODE_TTL,
      personalDataCodeSeconds: e.GATEHOUSE_PERSONAL_CODE_TTL,
      accessTokenSeconds: e.GATEHOUSE_ACCESS_TOKEN_TTL,
      refreshTokenSeconds: e.GATEHOUSE_REFRESH_TOKEN_TTL,
      refreshAbsoluteSeconds: e.GATEHOUSE_REFRESH_ABSOLUTE_TTL,
      idTokenSeconds: e.GATEHOUSE_ID_TOKEN_TTL,
      serviceTokenSeconds: e.GATEHOUSE_SERVICE_TOKEN_TTL,
    } satisfies Lifetimes,
  };
}

/** This server's configuration, as parseConfig infers it from the environment schema. */
export type Config = ReturnType<typeof parseConfig>;

/** SQLite paths are resolved from the project root, so the database is the same whatever the working directory. */
function resolveDatabaseUrl(url: string | undefined, root: string): string {
  if (!url) return `file:${path.join(/*turbopackIgnore: true*/ root, "prisma", "gatehouse.db")}`;
  if (!url.startsWith("file:")) return url;
  const file = url.slice("file:".length);
  return `file:${path.isAbsolute(file) ? file : path.resolve(/*turbopackIgnore: true*/ root, file)}`;
}

// One copy per process, shared by Next's bundle and the HTTP front's (server/front.ts).
const globalForConfig = globalThis as unknown as { gatehouseConfig?: Config };

/** The configuration of this process, parsed on first use. */
export function config(): Config {
  let cached = globalForConfig.gatehouseConfig;
  if (!cached) {
    cached = globalForConfig.gatehouseConfig = parseConfig(process.env);
    // next-auth reads these from process.env itself.
    process.env.NEXTAUTH_URL ??= cached.nextAuthUrl;
    if (!process.env.NEXTAUTH_SECRET) {
      const secretFile = path.join(/*turbopackIgnore: true*/ cached.root, ".gatehouse-secret");
      if (fs.existsSync(secretFile)) process.env.NEXTAUTH_SECRET = fs.readFileSync(secretFile, "utf8").trim();
      cached.nextAuthSecret = process.env.NEXTAUTH_SECRET;
    }
  }
  return cached;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The server's secret (NEXTAUTH_SECRET): signs sessions and keys what the server derives from it. */
export function serverSecret(): string {
  const secret = config().nextAuthSecret ?? process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set");
  return secret;
}
