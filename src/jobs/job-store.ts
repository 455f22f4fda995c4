import { randomUUID } from "node:crypto";
import type { Database } from "../db/database";
import { systemClock, type Clock } from "./clock";
import { cancelJob } from "./job-cancel";
import { insertJob } from "./job-create";
import { deriveRetryJob, deriveUndoJob, type DeriveOptions } from "./job-derive";
import { jobWithCounts } from "./job-read";
import { toItemView, toSummary, type ViewDeps } from "./job-view";
import type { JobItemRow, JobRow } from "./rows";
import type { JobItemView, JobSummary, JobView, NewJob } from "./types";
import { fixedLimits, type LimitsFor } from "./workspace-limits";

export interface JobStoreDeps {
  readonly db: Database;
  readonly clock?: Clock;
  /** Per-workspace concurrency and budget, for the ETA; `workspaceLimitsFromDb(db)` in the app. */
  readonly limits?: LimitsFor;
  /** The budget window (an hour; benchmarks compress it). */
  readonly windowMs?: number;
  readonly defaultItemMs?: number;
  readonly newId?: () => string;
}

/**
 * Jobs as the API sees them. Every method takes the caller's clientKey and answers `null` for another tenant's job id,
 * so the API can answer 404 without telling which ids exist.
 */
export interface JobStore {
  /**
   * Stores the job and all its items in one transaction and returns its id; no item can be claimed before all are stored.
   * @throws {InvalidJobItem}
   */
  createJob(clientKey: string, job: NewJob): Promise<string>;
  /** `items`: which items to include (default all), so a poller can skip the list while the job runs. */
  getJob(clientKey: string, jobId: string, options?: { items?: "all" | "failed" | "none" }): Promise<JobView | null>;
  /** The job's items (all, or the failed ones) in order; empty for another tenant's job id. */
  listItems(clientKey: string, jobId: string, which: "all" | "failed"): Promise<JobItemView[]>;
  /** Newest first, without items; default limit 50. */
  listJobs(clientKey: string, filter?: { projectKey?: string; limit?: number }): Promise<JobSummary[]>;
  /** Pending items become cancelled; running ones finish. Returns the job after the change. */
  cancelJob(clientKey: string, jobId: string, by: string): Promise<JobView | null>;
  /** @throws {JobConflict} JOB_NOT_FINISHED, NOTHING_TO_RETRY */
  createRetryJob(clientKey: string, jobId: string, options: DeriveOptions): Promise<string | null>;
  /** @throws {JobConflict} JOB_NOT_FINISHED, NOTHING_TO_UNDO */
  createUndoJob(clientKey: string, jobId: string, options: DeriveOptions): Promise<string | null>;
}

export function createJobStore(deps: JobStoreDeps): JobStore {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? randomUUID;
  const viewDeps = (): ViewDeps => ({
    limits: deps.limits ?? fixedLimits(),
    windowMs: deps.windowMs ?? 3_600_000,
    defaultItemMs: deps.defaultItemMs ?? 1000,
    nowMs: clock(),
  });

  const listItems = async (clientKey: string, jobId: string, which: "all" | "failed"): Promise<JobItemView[]> => {
    const where: Partial<JobItemRow> = which === "failed" ? { job_id: jobId, client_key: clientKey, state: "failed" } : { job_id: jobId, client_key: clientKey };
    return (await db.reader<JobItemRow>("job_items").where(where).orderBy("seq")).map(toItemView);
  };

  const getJob = async (clientKey: string, jobId: string, options: { items?: "all" | "failed" | "none" } = {}): Promise<JobView | null> => {
    const found = await jobWithCounts(db.readRows, clientKey, jobId);
    if (!found) return null;
    const which = options.items ?? "all";
    const items = which === "none" ? [] : await listItems(clientKey, jobId, which);
    return { ...(await toSummary(db.reader, found.row, viewDeps(), found.counts)), items };
  };

  return {
    async createJob(clientKey, job) {
      const id = newId();
      await db.knex.transaction((trx) => insertJob(trx, clientKey, id, job, clock()));
      return id;
    },
    getJob,
    listItems,
    async listJobs(clientKey, filter = {}) {
      const where: Partial<JobRow> = { client_key: clientKey };
      if (filter.projectKey !== undefined) where.project_key = filter.projectKey;
      const rows = await db.reader<JobRow>("jobs").where(where).orderBy([{ column: "created_at", order: "desc" }, { column: "id" }])
        .limit(Math.min(Math.max(1, filter.limit ?? 50), 500));
      const deps = viewDeps();
      const out: JobSummary[] = [];
      for (const row of rows) out.push(await toSummary(db.reader, row, deps));
      return out;
    },
    async cancelJob(clientKey, jobId, by) {
      return (await cancelJob(db, clientKey, jobId, by, clock())) ? getJob(clientKey, jobId) : null;
    },
    createRetryJob: (clientKey, jobId, options) => deriveRetryJob(db, clientKey, jobId, newId(), clock(), options),
    createUndoJob: (clientKey, jobId, options) => deriveUndoJob(db, clientKey, jobId, newId(), clock(), options),
  };
}
