// Types of runtime.mjs for the TypeScript scripts that use it.
export declare const root: string;
/** DATABASE_URL as the app resolves it: a relative SQLite path is taken from the project root. */
export declare function databaseUrl(env?: NodeJS.ProcessEnv): string;
/** The V8 old-generation size for the server process, unless NODE_OPTIONS gives one. */
export declare function serverNodeFlags(env?: Record<string, string | undefined>): string[];
