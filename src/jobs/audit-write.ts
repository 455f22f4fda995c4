import type { Knex } from "knex";
import type { ItemError } from "./types";
import type { JobItemRow, JobRow } from "./rows";

export type AuditResult = "done" | "failed" | "cancelled";

export interface AuditRow {
  id?: number | string;
  client_key: string;
  at_ms: number | string;
  actor: string;
  actor_name: string | null;
  project_key: string;
  target: string;
  repository_slug: string | null;
  repository_uuid: string | null;
  principal: string;
  principal_key: string;
  before: string;
  after: string;
  job_id: string;
  result: string;
  error_code: string | null;
  error_message: string | null;
}

/** The audit row for an item's final outcome; the actor is whoever created the job (the admin the change is made for). */
export function auditRowFor(job: JobRow, item: JobItemRow, result: AuditResult, error: ItemError | null, atMs: number): AuditRow {
  return {
    client_key: job.client_key,
    at_ms: atMs,
    actor: job.created_by,
    actor_name: job.created_by_name,
    project_key: job.project_key,
    target: item.target,
    repository_slug: item.repository_slug,
    repository_uuid: item.repository_uuid,
    principal: item.principal,
    principal_key: item.principal_key,
    before: item.before,
    after: item.after,
    job_id: job.id,
    result,
    error_code: error?.code ?? null,
    error_message: error?.message ?? null,
  };
}

const CHUNK = 200;

/** Written in the same transaction as the outcome it records, so the log never disagrees with the item. */
export async function writeAudit(trx: Knex.Transaction, rows: readonly AuditRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await trx<AuditRow>("audit_log").insert(rows.slice(i, i + CHUNK));
}
