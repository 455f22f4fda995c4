import type { Database } from "../db/database";
import { systemClock, type Clock } from "./clock";
import { budgetLock, lockedTransaction } from "./locked-transaction";
import { num, type DbNumber } from "./rows";

/** The same shape as src/bitbucket's `CallBudget`, restated so the jobs layer does not depend on the client. */
export type BudgetDecision = { granted: true } | { granted: false; retryAtMs: number };
export interface CallBudget {
  tryAcquire(budgetKey: string, calls: number): Promise<BudgetDecision>;
}

export interface DbCallBudget extends CallBudget {
  /** Calls granted under the key in the current window. */
  used(budgetKey: string): Promise<number>;
}

export interface DbCallBudgetOptions {
  readonly db: Database;
  readonly clock?: Clock;
  /** The rolling window; an hour, compressed by benchmarks. */
  readonly windowMs?: number;
  /** Calls allowed per window for a key, looked up on every acquire so a changed workspace setting applies at once. */
  readonly callsPerHour?: (budgetKey: string) => number | Promise<number>;
}

interface LogRow { id: DbNumber; budget_key: string; at_ms: DbNumber; calls: number }

/**
 * Bitbucket's rolling-hour limit, enforced through the database so it holds across every app instance: an exact sliding
 * window over `call_budget_log` (one row per grant). A grant counts the calls logged under the key with `at_ms` inside
 * the window, and reserves its own in the same transaction, under a per-key lock (see lockedTransaction), so two instances
 * never both take the last call. Rows that left the window are pruned as it slides.
 * A refusal says when enough calls leave the window: the caller reschedules instead of sleeping.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/
 * @throws {RangeError} when `calls` is not a positive integer or exceeds what the window ever allows
 */
export function createDbCallBudget(options: DbCallBudgetOptions): DbCallBudget {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const windowMs = options.windowMs ?? 3_600_000;
  const limitFor = options.callsPerHour ?? (() => 900);

  return {
    async tryAcquire(budgetKey, calls) {
      const limit = await limitFor(budgetKey);
      if (!Number.isInteger(calls) || calls < 1 || calls > limit) {
        throw new RangeError(`Cannot acquire ${calls} calls from a budget of ${limit}`);
      }
      return lockedTransaction(db, budgetLock(budgetKey), async (trx): Promise<BudgetDecision> => {
        const nowMs = clock();
        const windowStart = nowMs - windowMs;
        await trx("call_budget_log").where({ budget_key: budgetKey }).andWhere("at_ms", "<=", windowStart).delete();
        // A sum, not the rows: a grant is on the path of every call, and the window holds up to `limit` rows.
        const total = (await trx("call_budget_log").where({ budget_key: budgetKey }).andWhere("at_ms", ">", windowStart)
          .sum({ n: "calls" }).first()) as { n: DbNumber | null } | undefined;
        const used = num(total?.n);
        if (used + calls <= limit) {
          await trx("call_budget_log").insert({ budget_key: budgetKey, at_ms: nowMs, calls });
          return { granted: true };
        }
        const rows = await trx<LogRow>("call_budget_log").where({ budget_key: budgetKey }).andWhere("at_ms", ">", windowStart)
          .orderBy([{ column: "at_ms" }, { column: "id" }]).select("at_ms", "calls");
        // Oldest first: once the rows holding the first `overflow` calls have left the window, this request fits.
        const overflow = used + calls - limit;
        let freed = 0;
        for (const row of rows) {
          freed += row.calls;
          if (freed >= overflow) return { granted: false, retryAtMs: num(row.at_ms) + windowMs };
        }
        return { granted: false, retryAtMs: nowMs + windowMs };
      });
    },
    async used(budgetKey) {
      const row = (await db.knex("call_budget_log").where({ budget_key: budgetKey }).andWhere("at_ms", ">", clock() - windowMs)
        .sum({ n: "calls" }).first()) as { n: DbNumber | null } | undefined;
      return num(row?.n);
    },
  };
}
