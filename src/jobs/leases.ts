import type { Knex } from "knex";
import type { Database } from "../db/database";
import { auditRowFor, writeAudit, type AuditRow } from "./audit-write";
import { finishJobIfComplete } from "./job-finish";
import { forUpdate, jobLock, lockedTransaction } from "./locked-transaction";
import type { ItemOutcome } from "./outcome";
import type { JobItemRow, JobRow } from "./rows";
import type { ItemError } from "./types";

const RELEASED = { lease_owner: null, lease_expires_ms: null } as const;

/**
 * Extends a lease the worker still holds; false when it lost it (expired and reclaimed), in which case the worker
 * should stop caring about the item: its result will be refused.
 */
export async function renewLease(db: Database, workerId: string, itemId: number, leaseMs: number, nowMs: number): Promise<boolean> {
  const n = await db.knex<JobItemRow>("job_items").where({ id: itemId, lease_owner: workerId, state: "running" })
    .update({ lease_expires_ms: nowMs + leaseMs });
  return n > 0;
}

export interface FinishRequest {
  readonly workerId: string;
  readonly itemId: number;
  readonly jobId: string;
  readonly nowMs: number;
  readonly outcome: ItemOutcome;
}

/**
 * Records an item's outcome, its audit row and, when it was the last one, the job's final state, all in one transaction
 * under the job's lock. Only the current lease owner may do so: a worker whose lease expired and was taken over gets
 * `false` and changes nothing, so a stale worker never overwrites the new owner's result. (A lease that expired but was not
 * taken over is still honoured: nobody else has run the item.)
 */
export function finishItem(db: Database, req: FinishRequest): Promise<boolean> {
  return lockedTransaction(db, jobLock(req.jobId), async (trx) => {
    const item = await forUpdate(db, trx<JobItemRow>("job_items").where({ id: req.itemId, state: "running", lease_owner: req.workerId })).first();
    if (!item) return false;
    const job = await trx<JobRow>("jobs").where({ id: item.job_id }).first();
    if (!job) return false;
    await applyOutcome(db, trx, job, item, req.outcome, req.nowMs);
    await finishJobIfComplete(trx, job.id, req.nowMs);
    return true;
  });
}

async function applyOutcome(db: Database, trx: Knex.Transaction, job: JobRow, item: JobItemRow, outcome: ItemOutcome, nowMs: number): Promise<void> {
  const end = async (state: "done" | "failed" | "cancelled", error: ItemError | null): Promise<void> => {
    await trx<JobItemRow>("job_items").where({ id: item.id }).update({
      ...RELEASED, state, finished_at: nowMs, error_code: error?.code ?? null, error_message: error?.message ?? null,
    });
    await writeAudit(trx, [auditRowFor(job, item, state, error, nowMs)]);
  };
  switch (outcome.kind) {
    case "done":
      return end("done", null);
    case "failed":
      return end("failed", outcome.error);
    case "stop-job":
      await end("failed", outcome.error);
      return stopJob(db, trx, job, outcome.error, nowMs);
    case "retry":
      // A job cancelled or stopped meanwhile does not take its items back.
      if (job.cancel_requested_at !== null) return end("cancelled", { code: "CANCELLED", message: `Cancelled by ${job.cancelled_by ?? "an admin"}.` });
      if (job.stop_code !== null) return end("failed", { code: job.stop_code, message: job.stop_message ?? "" });
      await trx<JobItemRow>("job_items").where({ id: item.id }).update({
        ...RELEASED,
        state: "pending",
        not_before_ms: outcome.notBeforeMs,
        retries: outcome.counted ? item.retries + 1 : item.retries,
        // Kept as the last error so a stuck item can be explained; the item view shows it only once the item failed.
        error_code: outcome.error.code,
        error_message: outcome.error.message,
      });
      return;
  }
}

/**
 * Fails every pending item of the job with one clear reason instead of letting each of them make the same refused call.
 * They are `failed` rather than `cancelled` so that "retry" after fixing the credential runs them.
 */
async function stopJob(db: Database, trx: Knex.Transaction, job: JobRow, cause: ItemError, nowMs: number): Promise<void> {
  const stop = { code: "JOB_STOPPED", message: `Not attempted: the job stopped because ${cause.message}` };
  // Items before the job row, the order claims lock in; a pending item a claim holds is waited for and then skipped.
  const pending = await forUpdate(db, trx<JobItemRow>("job_items").where({ job_id: job.id, state: "pending" }));
  // The rows are locked (PostgreSQL) or the writer is alone (SQLite), so the condition matches exactly `pending`.
  await trx<JobItemRow>("job_items").where({ job_id: job.id, state: "pending" })
    .update({ state: "failed", finished_at: nowMs, error_code: stop.code, error_message: stop.message });
  const rows: AuditRow[] = pending.map((p) => auditRowFor(job, p, "failed", stop, nowMs));
  await writeAudit(trx, rows);
  if (job.stop_code === null) await trx<JobRow>("jobs").where({ id: job.id }).update({ stop_code: stop.code, stop_message: stop.message });
}
