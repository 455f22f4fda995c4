import type { Knex } from "knex";
import type { Database } from "../db/database";

/**
 * Runs `work` in a transaction that holds a named write lock, so read-then-write sequences are exact across instances.
 * - PostgreSQL: `pg_advisory_xact_lock(hashtext(name))`, released at commit or rollback. A hash collision only serialises
 *   two unrelated names, it never lets two holders of one name in.
 * - SQLite: there is one writer per file anyway, but a transaction that reads first and writes later gets SQLITE_BUSY
 *   when another connection wrote in between (WAL snapshot upgrade). A no-op UPDATE as the first statement takes the
 *   write lock up front, so `busy_timeout` queues the second writer instead of failing it.
 * Everything inside `work` must use `trx`: on SQLite the pool has one connection, and `db.knex` would wait for it forever.
 */
export function lockedTransaction<T>(db: Database, lockName: string, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.knex.transaction(async (trx) => {
    if (db.dialect === "postgres") await trx.raw("SELECT pg_advisory_xact_lock(hashtext(?))", [lockName]);
    else await trx.raw("UPDATE jobs SET id = id WHERE 0");
    return work(trx);
  });
}

/** Row locks where the database has them (PostgreSQL); SQLite's single writer already excludes everyone else. */
export function forUpdate<Q extends Knex.QueryBuilder>(db: Database, query: Q): Q {
  return db.dialect === "postgres" ? (query.forUpdate() as Q) : query;
}

/** Lock names, in one place so every path that touches a job takes the same lock. */
export const jobLock = (jobId: string): string => `project-access:job:${jobId}`;
export const CLAIM_LOCK = "project-access:claim";
export const budgetLock = (budgetKey: string): string => `project-access:budget:${budgetKey}`;
