import { buildUndoItems } from "../access/undo";
import type { Database } from "../db/database";
import { JobConflict } from "./errors";
import { insertJob } from "./job-create";
import { jobLock, lockedTransaction } from "./locked-transaction";
import { levelOf, principalOf, type JobItemRow, type JobRow } from "./rows";
import { FINISHED_JOB_STATES, type JobItemInput, type JobState } from "./types";

export interface DeriveOptions {
  readonly createdBy: string;
  readonly createdByName?: string | null;
  /** Defaults to the source job's budget key. */
  readonly budgetKey?: string | null;
}

const inputOf = (row: JobItemRow): JobItemInput => ({
  target: row.target === "project" ? "project" : "repository",
  repository: row.repository_uuid === null ? null : { slug: row.repository_slug ?? "", uuid: row.repository_uuid },
  principal: principalOf(row.principal),
  before: levelOf(row.before),
  after: levelOf(row.after),
});

async function derive(
  db: Database, clientKey: string, sourceId: string, newId: string, nowMs: number, options: DeriveOptions,
  kind: "retry" | "undo",
): Promise<string | null> {
  return lockedTransaction(db, jobLock(sourceId), async (trx) => {
    const source = await trx<JobRow>("jobs").where({ id: sourceId, client_key: clientKey }).first();
    if (!source) return null;
    if (!FINISHED_JOB_STATES.includes(source.state as JobState)) {
      throw new JobConflict("JOB_NOT_FINISHED", `Job ${sourceId} is still ${source.state}; cancel it or wait for it to finish.`);
    }
    const rows = await trx<JobItemRow>("job_items")
      .where({ job_id: sourceId, state: kind === "retry" ? "failed" : "done" })
      .orderBy("seq", "asc");
    const items: JobItemInput[] = kind === "retry"
      ? rows.map(inputOf)
      // The rows are the done items; the access model owns what "undo" means (inverse, newest first).
      : buildUndoItems(rows.map((row) => ({ ...inputOf(row), outcome: "done" as const })))
        .map(({ target, repository, principal, before, after }) => ({ target, repository, principal, before, after }));
    if (items.length === 0) {
      throw kind === "retry"
        ? new JobConflict("NOTHING_TO_RETRY", `Job ${sourceId} has no failed items.`)
        : new JobConflict("NOTHING_TO_UNDO", `Job ${sourceId} changed nothing that could be undone.`);
    }
    await insertJob(trx, clientKey, newId, {
      kind,
      projectKey: source.project_key,
      items,
      createdBy: options.createdBy,
      createdByName: options.createdByName ?? null,
      planId: source.plan_id,
      parentJobId: sourceId,
      budgetKey: options.budgetKey === undefined ? source.budget_key : options.budgetKey,
      principal: source.principal === null ? null : principalOf(source.principal),
      // A retry aims at the same level; an undo restores several `before` levels.
      permission: kind === "retry" && source.permission !== null ? levelOf(source.permission) : null,
    }, nowMs);
    return newId;
  });
}

/**
 * A new `retry` job with the failed items of a finished job, as they were planned.
 * @throws {JobConflict} JOB_NOT_FINISHED, NOTHING_TO_RETRY
 */
export const deriveRetryJob = (db: Database, clientKey: string, sourceId: string, newId: string, nowMs: number, options: DeriveOptions) =>
  derive(db, clientKey, sourceId, newId, nowMs, options, "retry");

/**
 * A new `undo` job that sets every item the source job did back to its `before`. The undo's own items record the inverse,
 * so undoing an undo re-applies the original change. It restores recorded levels; changes made outside the app since are
 * overwritten for those targets.
 * @throws {JobConflict} JOB_NOT_FINISHED, NOTHING_TO_UNDO
 */
export const deriveUndoJob = (db: Database, clientKey: string, sourceId: string, newId: string, nowMs: number, options: DeriveOptions) =>
  derive(db, clientKey, sourceId, newId, nowMs, options, "undo");
