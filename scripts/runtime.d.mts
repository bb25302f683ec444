// Types of runtime.mjs for the TypeScript scripts that use it.
export declare const root: string;
/** DATABASE_URL as the app resolves it: a relative SQLite path is taken from the project root. */
export declare function databaseUrl(env?: NodeJS.ProcessEnv): string;
/** The migration folder names for this database, in order. */
export declare function migrationNames(url: string): string[];
/** The migrations recorded as applied in _prisma_migrations; empty for a new database. */
export declare function appliedMigrations(url: string): Promise<Set<string>>;
/** This build's migrations the database lacks, in order; throws when the database cannot be read. */
export declare function missingMigrations(url: string): Promise<string[]>;
/** GATEHOUSE_MIGRATE as lib/config/env.ts reads it; throws on anything but on, off or blank. */
export declare function migrateSetting(env?: Record<string, string | undefined>): "on" | "off";
/** Applies pending migrations under the migration lock; runs no Prisma CLI when none is pending. */
export declare function migrate(url: string, log?: (line: string) => void): Promise<void>;
/** GATEHOUSE_MIGRATE=off: throws, naming the missing migrations and `npm run db:deploy`, unless every one of this build's is applied. */
export declare function checkMigrations(url: string, log?: (line: string) => void): Promise<void>;
/** Runs `work` holding the database's migration lock (waiting for another holder as long as it keeps it). */
export declare function withMigrationLock<T>(url: string, work: () => Promise<T>, log?: (line: string) => void): Promise<T>;
/** The V8 old-generation size for the server process, unless NODE_OPTIONS gives one. */
export declare function serverNodeFlags(env?: Record<string, string | undefined>): string[];
