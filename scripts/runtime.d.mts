// Types of runtime.mjs for the TypeScript scripts that use it.
export declare const root: string;
/** DATABASE_URL as the app resolves it: a relative SQLite path is taken from the project root. */
export declare function databaseUrl(env?: NodeJS.ProcessEnv): string;
/** The migration folder names for this database, in order. */
export declare function migrationNames(url: string): string[];
/** The migrations recorded as applied in _prisma_migrations; empty for a new database. */
export declare function appliedMigrations(url: string): Promise<Set<string>>;
/** Applies pending migrations; runs no Prisma CLI when none is pending. */
export declare function migrate(url: string, log?: (line: string) => void): Promise<void>;
/** The V8 old-generation size for the server process, unless NODE_OPTIONS gives one. */
export declare function serverNodeFlags(env?: Record<string, string | undefined>): string[];
