import type { Knex } from "knex";
import { isLevel } from "../access/levels";
import { principalKey } from "../access/principal";
import { InvalidJobItem } from "./errors";
import type { JobItemRow, JobRow } from "./rows";
import type { JobItemInput, NewJob } from "./types";

/** Rows per INSERT: well under SQLite's bound-variable limit and PostgreSQL's 65,535 parameters. */
const CHUNK = 100;

function checkItem(item: JobItemInput, seq: number): void {
  if (!isLevel(item.before) || !isLevel(item.after)) throw new InvalidJobItem(`Item ${seq} has an unknown level.`);
  if ((item.target === "repository") !== (item.repository !== null)) {
    throw new InvalidJobItem(`Item ${seq}: a repository target needs a repository and a project target must not have one.`);
  }
}

/**
 * Inserts the job and every item inside the caller's transaction, so the job is visible with all its items or not at all:
 * no worker can claim (and no call go out for) a job whose items are half stored.
 * A job without items is finished at birth (`succeeded`).
 * @throws {InvalidJobItem} before anything is written
 */
export async function insertJob(trx: Knex.Transaction, clientKey: string, id: string, job: NewJob, nowMs: number): Promise<void> {
  job.items.forEach((item, seq) => { checkItem(item, seq); });
  const empty = job.items.length === 0;
  await trx<JobRow>("jobs").insert({
    id,
    client_key: clientKey,
    project_key: job.projectKey,
    kind: job.kind,
    state: empty ? "succeeded" : "queued",
    plan_id: job.planId ?? null,
    parent_job_id: job.parentJobId ?? null,
    created_by: job.createdBy,
    created_by_name: job.createdByName ?? null,
    created_at: nowMs,
    started_at: null,
    finished_at: empty ? nowMs : null,
    budget_key: job.budgetKey ?? null,
    total: job.items.length,
    cancel_requested_at: null,
    cancelled_by: null,
    stop_code: null,
    stop_message: null,
    principal: job.principal ? JSON.stringify(job.principal) : null,
    permission: job.permission ?? null,
  });
  const rows: Array<Omit<JobItemRow, "id">> = job.items.map((item, seq) => ({
    job_id: id,
    client_key: clientKey,
    seq,
    target: item.target,
    repository_uuid: item.repository?.uuid ?? null,
    repository_slug: item.repository?.slug ?? null,
    principal: JSON.stringify(item.principal),
    principal_key: principalKey(item.principal),
    before: item.before,
    after: item.after,
    state: "pending",
    attempts: 0,
    retries: 0,
    not_before_ms: 0,
    lease_owner: null,
    lease_expires_ms: null,
    started_at: null,
    error_code: null,
    error_message: null,
    finished_at: null,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await trx<JobItemRow>("job_items").insert(rows.slice(i, i + CHUNK));
}
