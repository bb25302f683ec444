import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config/env";

const ROOT = "/srv/gatehouse";

describe("parseConfig", () => {
  it("needs no configuration: SQLite under the project root, issuer on localhost", () => {
    const c = parseConfig({ GATEHOUSE_ROOT: ROOT });
    expect(c.databaseUrl).toBe(`file:${path.join(ROOT, "prisma", "gatehouse.db")}`);
    expect(c.issuer).toBe("http://localhost:3000");
    expect(c.nextAuthUrl).toBe("http://localhost:3000");
    expect(c.lifetimes).toEqual({
      codeSeconds: 300,
      personalDataCodeSeconds: 90,
      accessTokenSeconds: 7200,
      refreshTokenSeconds: 2592000,
      refreshAbsoluteSeconds: 7776000,
      idTokenSeconds: 3600,
      serviceTokenSeconds: 3600,
    });
  });

  it("derives the default issuer from PORT and strips a trailing slash from GATEHOUSE_ISSUER", () => {
    expect(parseConfig({ PORT: "4000" }).issuer).toBe("http://localhost:4000");
    const c = parseConfig({ GATEHOUSE_ISSUER: "https://auth.example.com/" });
    expect(c.issuer).toBe("https://auth.example.com");
    expect(c.nextAuthUrl).toBe("https://auth.example.com");
  });

  it("resolves a relative SQLite path from the project root, not the working directory", () => {
    expect(parseConfig({ GATEHOUSE_ROOT: ROOT, DATABASE_URL: "file:./data/app.db" }).databaseUrl).toBe("file:/srv/gatehouse/data/app.db");
    expect(parseConfig({ GATEHOUSE_ROOT: ROOT, DATABASE_URL: "file:/tmp/x.db" }).databaseUrl).toBe("file:/tmp/x.db");
  });

  it("keeps a PostgreSQL URL as it is", () => {
    const url = "postgresql://app:pw@127.0.0.1:5432/gatehouse";
    expect(parseConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it("sizes PostgreSQL's one query pool from GATEHOUSE_DB_POOL, 10 by default", () => {
    expect(parseConfig({}).dbPool).toBe(10);
    expect(parseConfig({ GATEHOUSE_DB_POOL: "24" }).dbPool).toBe(24);
  });

  it("reads production mode's settings: drain, deadline, metrics listener, log level, migrations", () => {
    expect(parseConfig({})).toMatchObject({ shutdown: { drainDelayMs: 5000, timeoutMs: 25000 }, metrics: null, logLevel: "info", migrate: "on" });
    const c = parseConfig({ GATEHOUSE_DRAIN_DELAY: "0.5", GATEHOUSE_SHUTDOWN_TIMEOUT: "10", GATEHOUSE_METRICS_PORT: "9464", GATEHOUSE_LOG_LEVEL: "warn", GATEHOUSE_MIGRATE: "off" });
    expect(c).toMatchObject({ shutdown: { drainDelayMs: 500, timeoutMs: 10000 }, metrics: { port: 9464, host: "127.0.0.1" }, logLevel: "warn", migrate: "off" });
    expect(parseConfig({ GATEHOUSE_METRICS_PORT: "9464", GATEHOUSE_METRICS_HOST: "0.0.0.0" }).metrics).toEqual({ port: 9464, host: "0.0.0.0" });
  });

  it("treats an empty variable as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", PORT: "" , GATEHOUSE_ROOT: ROOT }).issuer).toBe("http://localhost:3000");
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ GATEHOUSE_ISSUER: "auth.example.com" }, "GATEHOUSE_ISSUER"],
    [{ GATEHOUSE_ISSUER: "ftp://auth.example.com" }, "GATEHOUSE_ISSUER"],
    [{ GATEHOUSE_ISSUER: "https://auth.example.com/?x=1" }, "GATEHOUSE_ISSUER"],
    [{ NEXTAUTH_SECRET: "short" }, "NEXTAUTH_SECRET"],
    [{ GATEHOUSE_ACCESS_TOKEN_TTL: "0" }, "GATEHOUSE_ACCESS_TOKEN_TTL"],
    [{ GATEHOUSE_CODE_TTL: "5m" }, "GATEHOUSE_CODE_TTL"],
    [{ GATEHOUSE_DB_POOL: "0" }, "GATEHOUSE_DB_POOL"],
    [{ GATEHOUSE_DB_POOL: "many" }, "GATEHOUSE_DB_POOL"],
    [{ GATEHOUSE_DRAIN_DELAY: "-1" }, "GATEHOUSE_DRAIN_DELAY"],
    [{ GATEHOUSE_SHUTDOWN_TIMEOUT: "0" }, "GATEHOUSE_SHUTDOWN_TIMEOUT"],
    [{ GATEHOUSE_METRICS_PORT: "metrics" }, "GATEHOUSE_METRICS_PORT"],
    [{ GATEHOUSE_LOG_LEVEL: "verbose" }, "GATEHOUSE_LOG_LEVEL"],
    [{ GATEHOUSE_MIGRATE: "yes" }, "GATEHOUSE_MIGRATE"],
  ])("rejects %j naming the variable", (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(variable);
  });
});
