import fs from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import knexFactory, { type Knex } from "knex";
import { migrations } from "./migrations";
import { prepareReaderConnection, sqliteRowReader, type ReadRows } from "./sqlite-reader";

export type Dialect = "sqlite" | "postgres";

/** The app's own tables; ACE's tenant store lives in the same database (see src/connect/store-options.ts). */
export interface Database {
  readonly knex: Knex;
  /**
   * For reads that need no transaction and may run beside writes (status polls, lists). On a SQLite file, a read-only
   * connection of its own: WAL lets it read while `knex`'s single connection writes, so a burst of reads
   * no longer queues, one round trip at a time, behind that connection. Otherwise the same pool as `knex`.
   */
  readonly reader: Knex;
  /**
   * Rows of one plain-SQL read (`?` placeholders, no transaction), for the hottest reads. On a SQLite file, straight on a
   * read-only better-sqlite3 connection without knex (src/db/sqlite-reader.ts); otherwise through `reader`.
   */
  readonly readRows: ReadRows;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export function dialectOf(url: string): Dialect {
  return url.startsWith("sqlite:") ? "sqlite" : "postgres";
}

/** `sqlite:data/app.db` → `data/app.db`; `sqlite::memory:` stays `:memory:`. */
export function sqliteFileOf(url: string): string {
  return url.slice("sqlite:".length);
}

/** Another process holding knex's migration lock is expected (openDatabase waits and retries), so knex need not shout. */
const knexLog: Knex.Config["log"] = {
  warn: (message: unknown) => {
    const text = String(message);
    if (/already locked|release the lock manually/i.test(text)) return;
    process.emitWarning(text, "KnexWarning");
  },
};

type SqliteConnection = { run: (sql: string, callback: (error: Error | null) => void) => void };

/** A knex config for the SQLite file whose every new connection first runs `pragmas`, in order. */
function sqliteConfig(file: string, pool: { min: number; max: number }, pragmas: readonly string[]): Knex.Config {
  return {
    client: "sqlite3",
    connection: { filename: file },
    useNullAsDefault: true,
    log: knexLog,
    pool: {
      ...pool,
      afterCreate: (conn: SqliteConnection, done: (error: Error | null, conn: unknown) => void) => {
        const next = (i: number): void => {
          const pragma = pragmas[i];
          if (pragma === undefined) { done(null, conn); return; }
          conn.run(pragma, (error) => { if (error) done(error, conn); else next(i + 1); });
        };
        next(0);
      },
    },
  };
}

function knexConfig(url: string): Knex.Config {
  if (dialectOf(url) === "postgres") {
    return { client: "pg", connection: url, pool: { min: 0, max: 10 }, log: knexLog };
  }
  const file = sqliteFileOf(url);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // One connection: SQLite serialises writers anyway, and a single connection keeps transactions simple.
  // busy_timeout waits out the other connections' writes, and comes first: switching to WAL needs a lock that a process
  // migrating the same new file may hold. WAL lets the readers and ACE's connection read while we write.
  return sqliteConfig(file, { min: 1, max: 1 }, ["PRAGMA busy_timeout = 5000", "PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON"]);
}

/**
 * Reads on the SQLite file go through better-sqlite3, opened read-only: a read is a synchronous call of a few microseconds
 * on the event loop, where node-sqlite3 (the writer's driver, and ACE's) hops to libuv's thread pool and back for each
 * statement. WAL lets a reader read while the writer writes, so a read never waits for a write; one connection serves
 * knex's reads, as synchronous reads run one at a time anyway (`readRows` has one of its own, src/db/sqlite-reader.ts).
 */
const sqliteReaderConfig = (file: string): Knex.Config => ({
  client: "better-sqlite3",
  connection: { filename: file, options: { readonly: true } },
  useNullAsDefault: true,
  log: knexLog,
  pool: {
    // Opened at the first read, not while openDatabase runs: other processes may still be migrating the new file.
    min: 0,
    max: 1,
    afterCreate: (conn: BetterSqlite3.Database, done: (error: Error | null, conn: unknown) => void) => {
      try {
        prepareReaderConnection(conn);
        done(null, conn);
      } catch (error) {
        done(error instanceof Error ? error : new Error(String(error)), conn);
      }
    },
  },
});

/** knex.raw answers with the driver's own result: an array of rows from sqlite3, `{ rows }` from pg. */
const knexRowReader = (knex: Knex): ReadRows => async <T>(sql: string, bindings: readonly (string | number | null)[]) => {
  const result: unknown = await knex.raw(sql, [...bindings]);
  return Array.isArray(result) ? result as T[] : (result as { rows: T[] }).rows;
};

/**
 * How long an opener keeps waiting for another process's migration. Time, not a count of attempts: on a loaded machine
 * (several processes starting at once, CI) the winner's migration took longer than ten short retries.
 */
const MIGRATION_WAIT_MS = 30_000;

/** Another process is migrating the same database right now (several app instances or CLI runs starting together). */
const isConcurrentMigration = (error: unknown): boolean => {
  // Duck-typed: driver errors may come from another realm (jest's vm), where `instanceof Error` is false.
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" && /already locked|already exists|SQLITE_BUSY|duplicate key/i.test(message);
};

const isLockedForGood = (error: unknown): boolean => /already locked/i.test(String((error as { message?: unknown } | null)?.message));

/**
 * knex's lock is one row of `knex_migrations_lock`, inserted by the first opener that finds the table empty. Two openers
 * of a new database can both find it empty and both insert: then locking ("set is_locked = 1 where is_locked = 0", which
 * must change exactly one row) fails for everyone, for ever, and every opener timed out (about one run in six of four
 * openers on a new SQLite file). Keeping only the first row is safe: with two free rows nobody holds the lock, and a row
 * locked before the second was inserted is the first one.
 */
async function keepOneLockRow(knex: Knex): Promise<void> {
  const rows = await knex("knex_migrations_lock").select("index").orderBy("index") as Array<{ index: number }>;
  const extra = rows.slice(1).map((row) => row.index);
  if (extra.length > 0) await knex("knex_migrations_lock").whereIn("index", extra).del();
}

/**
 * Opens the database named by a `sqlite:` or `postgres://` URL and brings its schema to the latest migration.
 * When several processes start on a new database at once, knex's migration lock lets one migrate and the others fail:
 * they wait and try again, and find the schema done. A process that gives up closes its pool, so it never hangs.
 * @throws {Error} the migration's own error when it is not a concurrent migration, or still fails after MIGRATION_WAIT_MS
 */
export async function openDatabase(url: string, options: { retryDelayMs?: number } = {}): Promise<Database> {
  const giveUpAt = Date.now() + MIGRATION_WAIT_MS;
  const knex = knexFactory(knexConfig(url));
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ migrationSource: migrations });
      const dialect = dialectOf(url);
      // An in-memory SQLite database exists only on its one connection, so its reads stay there.
      if (dialect === "postgres" || sqliteFileOf(url) === ":memory:") {
        return { knex, reader: knex, readRows: knexRowReader(knex), dialect, close: () => knex.destroy() };
      }
      const reader = knexFactory(sqliteReaderConfig(sqliteFileOf(url)));
      const rows = sqliteRowReader(sqliteFileOf(url));
      return {
        knex, reader, readRows: rows.readRows, dialect,
        close: async () => { rows.close(); await Promise.all([reader.destroy(), knex.destroy()]); },
      };
    } catch (error) {
      if (isLockedForGood(error)) await keepOneLockRow(knex);
      if (Date.now() >= giveUpAt || !isConcurrentMigration(error)) {
        await knex.destroy();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min((options.retryDelayMs ?? 200) * attempt, 2_000)));
    }
  }
}
