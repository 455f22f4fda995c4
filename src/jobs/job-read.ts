import type { Knex } from "knex";
import { emptyCounts, type ItemCounts } from "./job-finish";
import { num, type DbNumber, type JobRow } from "./rows";
import type { ItemState } from "./types";

const STATES: readonly ItemState[] = ["pending", "running", "done", "failed", "cancelled"];

/**
 * The tenant's job row with its item counts in ONE round trip (a correlated count per state, each answered from the
 * `job_items (job_id, state)` index), instead of the row and a GROUP BY afterwards: a status poll is the API's hottest call,
 * and on SQLite every round trip queues behind the single connection.
 */
export async function jobWithCounts(knex: Knex, clientKey: string, jobId: string): Promise<{ row: JobRow; counts: ItemCounts } | null> {
  const countOf = (state: ItemState) =>
    knex("job_items").where("job_items.job_id", knex.ref("jobs.id")).andWhere("job_items.state", state).count("*").as(`n_${state}`);
  type Found = JobRow & Record<`n_${ItemState}`, DbNumber>;
  const found: Found | undefined = await knex("jobs").where({ "jobs.id": jobId, "jobs.client_key": clientKey })
    .first(["jobs.*", ...STATES.map(countOf)]);
  if (!found) return null;
  // Only the job's own columns go on as the row.
  const { n_pending, n_running, n_done, n_failed, n_cancelled, ...row } = found;
  const counts: ItemCounts = { ...emptyCounts(), pending: num(n_pending), running: num(n_running), done: num(n_done), failed: num(n_failed), cancelled: num(n_cancelled) };
  return { row, counts };
}
