/**
 * SQLite as a server database, for every connection opened to it (the server's, and the tests' Prisma client),
 * in the app and the tests alike:
 * - WAL: readers never wait for the writer;
 * - synchronous=NORMAL: no fsync per commit, durable at each checkpoint;
 * - temp_store=MEMORY: every hot-path write runs in a savepoint of a group commit, whose undo
 *   pages SQLite otherwise keeps in a temporary file (measured: statements twice as fast);
 * - a checkpoint every 10,000 WAL pages (40 MiB) instead of 1,000: the committing connection
 *   runs it, and its cost (copying pages, two fsyncs) is mostly fixed, so a tenth as many
 *   checkpoints cost a refresh rotation about 70 µs less on the event loop (see PERFORMANCE.md);
 * - the WAL file is cut back to 64 MiB when it restarts.
 */
export const SQLITE_SETTINGS = ["journal_mode = WAL", "synchronous = NORMAL", "temp_store = MEMORY", "wal_autocheckpoint = 10000", "journal_size_limit = 67108864"] as const;

/** The settings as one script of PRAGMA statements. */
export const SQLITE_SETTINGS_SCRIPT = SQLITE_SETTINGS.map((setting) => `PRAGMA ${setting};`).join(" ");
