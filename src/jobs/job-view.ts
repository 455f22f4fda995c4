import type { Knex } from "knex";
import { countItems, type ItemCounts } from "./job-finish";
import { etaSeconds } from "./eta";
import { isoOrNull, levelOf, num, numOrNull, principalOf, type DbNumber, type JobItemRow, type JobRow } from "./rows";
import type { ItemState, JobItemView, JobKind, JobState, JobSummary } from "./types";
import type { LimitsFor } from "./workspace-limits";

export interface ViewDeps {
  readonly limits: LimitsFor;
  readonly windowMs: number;
  /** Assumed time per item until the job has finished one. */
  readonly defaultItemMs: number;
  readonly nowMs: number;
}

async function averageItemMs(knex: Knex, jobId: string): Promise<number | null> {
  const row = (await knex("job_items")
    .where({ job_id: jobId })
    .whereIn("state", ["done", "failed"])
    .whereNotNull("started_at")
    .avg({ ms: knex.raw("finished_at - started_at") })
    .first()) as { ms: DbNumber | null } | undefined;
  return numOrNull(row?.ms);
}

async function budgetUsed(knex: Knex, budgetKey: string, sinceMs: number): Promise<number> {
  const row = (await knex("call_budget_log").where({ budget_key: budgetKey }).andWhere("at_ms", ">", sinceMs).sum({ n: "calls" }).first()) as
    | { n: DbNumber | null }
    | undefined;
  return num(row?.n);
}

/** A job row plus its item counts (counted here unless given, see jobWithCounts) and ETA, in the API shape. */
export async function toSummary(knex: Knex, row: JobRow, deps: ViewDeps, known?: ItemCounts): Promise<JobSummary> {
  const counts = known ?? await countItems(knex, row.id);
  const remaining = counts.pending + counts.running;
  let eta: number | null = null;
  if (remaining > 0) {
    const limits = await deps.limits(row.client_key);
    const used = row.budget_key === null ? 0 : await budgetUsed(knex, row.budget_key, deps.nowMs - deps.windowMs);
    eta = etaSeconds({
      remaining,
      averageItemMs: (await averageItemMs(knex, row.id)) ?? deps.defaultItemMs,
      concurrency: limits.concurrency,
      callsPerHour: limits.callsPerHour,
      budgetAvailable: limits.callsPerHour - used,
      windowMs: deps.windowMs,
    });
  }
  return {
    id: row.id,
    kind: row.kind as JobKind,
    state: row.state as JobState,
    projectKey: row.project_key,
    total: row.total,
    ...counts,
    etaSeconds: eta,
    createdBy: row.created_by_name === null ? { id: row.created_by } : { id: row.created_by, name: row.created_by_name },
    createdAt: new Date(num(row.created_at)).toISOString(),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    planId: row.plan_id,
    sourceJobId: row.parent_job_id,
    principal: row.principal === null ? null : principalOf(row.principal),
    permission: row.permission === null ? null : levelOf(row.permission),
    cancelRequested: row.cancel_requested_at !== null,
    stopReason: row.stop_code === null ? null : { code: row.stop_code, message: row.stop_message ?? "" },
  };
}

/** An item as the API shows it; `error` only on items that ended without doing their change. */
export function toItemView(row: JobItemRow): JobItemView {
  const state = row.state as ItemState;
  const view: JobItemView = {
    target: row.target === "project" ? "project" : "repository",
    repository: row.repository_uuid === null ? null : { slug: row.repository_slug ?? "", uuid: row.repository_uuid },
    principal: principalOf(row.principal),
    before: levelOf(row.before),
    after: levelOf(row.after),
    state,
  };
  if ((state === "failed" || state === "cancelled") && row.error_code !== null) {
    return { ...view, error: { code: row.error_code, message: row.error_message ?? "" } };
  }
  return view;
}
