import BetterSqlite3 from "better-sqlite3";

/**
 * Bounds the rare wait WAL still has for a reader (another connection recovering the WAL index). A read is synchronous
 * and blocks the event loop while it waits, so the wait is short: a read that runs out fails instead of stalling every
 * request.
 */
const READER_BUSY_TIMEOUT_MS = 250;

/**
 * knex prepares every statement anew, and compiling the job-status query took more time than running it. A reader keeps
 * its prepared statements by SQL text, which is written with placeholders, so the set stays small; the bound is for
 * queries whose text varies (an IN list's length), and is only ever cleared whole.
 */
const MAX_PREPARED_STATEMENTS = 500;

/** Readies a read-only better-sqlite3 connection: its busy timeout, and prepared statements kept by SQL text. */
export function prepareReaderConnection(conn: BetterSqlite3.Database): void {
  conn.pragma(`busy_timeout = ${READER_BUSY_TIMEOUT_MS}`);
  const prepare = conn.prepare.bind(conn);
  const prepared = new Map<string, BetterSqlite3.Statement>();
  conn.prepare = ((sql: string) => {
    let statement = prepared.get(sql);
    if (statement === undefined) {
      if (prepared.size >= MAX_PREPARED_STATEMENTS) prepared.clear();
      statement = prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  }) as typeof conn.prepare;
}

/** Rows of one read-only statement with `?` placeholders. */
export type ReadRows = <T>(sql: string, bindings: readonly (string | number | null)[]) => Promise<T[]>;

/**
 * Plain-SQL reads straight on a read-only better-sqlite3 connection of the file, for the API's hottest reads (a job's
 * status): knex's way there (a pool acquisition with its timer, the runner, re-positioning the bindings) cost half as
 * much again as the query itself. Opened at the first read: by then this process has migrated the file.
 */
export function sqliteRowReader(file: string): { readRows: ReadRows; close(): void } {
  let conn: BetterSqlite3.Database | undefined;
  let closed = false;
  const open = (): BetterSqlite3.Database => {
    // A read after close must fail, as knex's does, rather than open a connection nobody will close.
    if (closed) throw new Error("the database is closed");
    if (conn === undefined) {
      const opened = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      prepareReaderConnection(opened);
      conn = opened;
    }
    return conn;
  };
  return {
    readRows: <T>(sql: string, bindings: readonly (string | number | null)[]) => {
      try {
        return Promise.resolve(open().prepare(sql).all(...bindings) as T[]);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close: () => { closed = true; conn?.close(); conn = undefined; },
  };
}
