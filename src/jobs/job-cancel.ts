import type { Database } from "../db/database";
import { auditRowFor, writeAudit } from "./audit-write";
import { finishJobIfComplete } from "./job-finish";
import { forUpdate, jobLock, lockedTransaction } from "./locked-transaction";
import type { JobItemRow, JobRow } from "./rows";
import { FINISHED_JOB_STATES, type JobState } from "./types";

/**
 * Cancels a job: its pending items become `cancelled` (each with an audit row) and no item of it is claimed again;
 * items already running finish normally, and one that then needs a retry is cancelled instead.
 * Idempotent; a finished job is left as it is. Returns false when the job is not this tenant's.
 */
export function cancelJob(db: Database, clientKey: string, jobId: string, by: string, nowMs: number): Promise<boolean> {
  return lockedTransaction(db, jobLock(jobId), async (trx) => {
    const job = await trx<JobRow>("jobs").where({ id: jobId, client_key: clientKey }).first();
    if (!job) return false;
    if (FINISHED_JOB_STATES.includes(job.state as JobState)) return true;
    // Items first, then the job row: claims lock in that order too, so the two cannot deadlock on PostgreSQL.
    const pending = await forUpdate(db, trx<JobItemRow>("job_items").where({ job_id: jobId, state: "pending" }));
    const error = { code: "CANCELLED", message: `Cancelled by ${by} before it ran.` };
    await trx<JobItemRow>("job_items")
      .where({ job_id: jobId, state: "pending" })
      .update({ state: "cancelled", finished_at: nowMs, error_code: error.code, error_message: error.message });
    await writeAudit(trx, pending.map((item) => auditRowFor(job, item, "cancelled", error, nowMs)));
    await trx<JobRow>("jobs").where({ id: jobId }).update({ cancel_requested_at: job.cancel_requested_at ?? nowMs, cancelled_by: job.cancelled_by ?? by });
    await finishJobIfComplete(trx, jobId, nowMs);
    return true;
  });
}
