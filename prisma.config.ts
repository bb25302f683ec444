// Prisma CLI configuration. The JavaScript schema engine and driver adapters keep every
// command offline (no engine downloads). The numbered comments are workarounds for known
// bugs of the Prisma 6.19 Wasm engine.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

process.env.CHECKPOINT_DISABLE ??= "1";

// (4) The Wasm engine leaves 10-60 s timers pending, so the CLI lingers: unref them.
const nativeSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = nativeSetTimeout(fn, ms, ...args);
  if ((ms ?? 0) >= 5000) timer.unref();
  return timer;
}) as typeof setTimeout;

const defaultUrl = `file:${path.join(__dirname, "prisma", "gatehouse.db")}`;
const url = process.env.DATABASE_URL || defaultUrl;
const isPg = /^postgres(ql)?:/.test(url);

function sqliteFactory(url: string) {
  // (1) Shadow-database replay sends multi-statement SQL to executeRaw: run it as a script.
  const factory = new PrismaBetterSQLite3({ url });
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const adapter = await connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) =>
      query.args.length === 0 ? (await adapter.executeScript(query.sql), 0) : executeRaw(query);
    return adapter;
  };
  return factory;
}

function pgFactory(connectionString: string) {
  // (3) Discrete fields: a connectionString would override the shadow database's name.
  const u = new URL(connectionString);
  const factory = new PrismaPg({
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
    idleTimeoutMillis: 200,
  });
  const connect = factory.connect.bind(factory);
  let patched = false;
  factory.connect = async () => {
    const adapter = await connect();
    if (!patched) {
      // (2) Map the catalog types "char"(18) and name(19), and their arrays, to text / text[].
      patched = true;
      let proto = Object.getPrototypeOf(adapter);
      while (!Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto);
      const performIO = proto.performIO;
      const map: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };
      proto.performIO = async function (this: unknown, query: unknown) {
        const result = await performIO.call(this, query);
        for (const field of result.fields ?? []) field.dataTypeID = map[field.dataTypeID] ?? field.dataTypeID;
        return result;
      };
    }
    return adapter;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: isPg ? "prisma/schema.postgres.prisma" : "prisma/schema.prisma",
  migrations: { path: isPg ? "prisma/migrations-postgres" : "prisma/migrations" },
  async adapter() {
    return isPg ? pgFactory(url) : sqliteFactory(url);
  },
});
