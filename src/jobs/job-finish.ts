import type { Knex } from "knex";
import { num, type DbNumber, type JobRow } from "./rows";
import type { ItemState, JobState } from "./types";

export type ItemCounts = Record<ItemState, number>;

export const emptyCounts = (): ItemCounts => ({ pending: 0, running: 0, done: 0, failed: 0, cancelled: 0 });

export async function countItems(trx: Knex | Knex.Transaction, jobId: string): Promise<ItemCounts> {
  const rows = await trx("job_items").where({ job_id: jobId }).groupBy("state").select("state")
    .count<Array<{ state: string; n: DbNumber }>>({ n: "*" });
  const counts = emptyCounts();
  for (const row of rows) counts[row.state as ItemState] = num(row.n);
  return counts;
}

/**
 * The final state once no item is pending or running: any failed item makes the job `failed` (the rule, also for a
 * cancelled job in which something failed), else any cancelled item makes it `cancelled`, else `succeeded`.
 */
export function finalState(counts: ItemCounts): JobState | null {
  if (counts.pending + counts.running > 0) return null;
  if (counts.failed > 0) return "failed";
  if (counts.cancelled > 0) return "cancelled";
  return "succeeded";
}

/**
 * Closes the job when its last item has finished. Callers hold the job's lock (`jobLock`), so of two items finishing at
 * once exactly one sees the other's result and closes the job.
 */
export async function finishJobIfComplete(trx: Knex.Transaction, jobId: string, nowMs: number): Promise<JobState | null> {
  const state = finalState(await countItems(trx, jobId));
  if (state === null) return null;
  await trx<JobRow>("jobs").where({ id: jobId }).whereIn("state", ["queued", "running"]).update({ state, finished_at: nowMs });
  return state;
}
