import type { Knex } from "knex";
import type { Database } from "../db/database";
import { CLAIM_LOCK, lockedTransaction } from "./locked-transaction";
import { levelOf, num, principalOf, type DbNumber, type JobItemRow, type JobRow } from "./rows";
import type { JobKind } from "./types";
import type { ClaimedItem } from "./work-item";

export interface ClaimOptions {
  /** At most this many items. */
  readonly limit: number;
  readonly leaseMs: number;
  readonly nowMs: number;
  /**
   * Items of one workspace in flight at once across every instance (its `concurrency` setting). Leased items count until
   * their lease expires.
   */
  readonly concurrencyFor: (clientKey: string) => Promise<number>;
}

type CandidateRow = JobItemRow & Pick<JobRow, "project_key" | "kind" | "created_by" | "budget_key">;

/** Pending items whose `not_before` has passed, or items whose lease expired (their worker died), of live jobs. */
function claimable(q: Knex.QueryBuilder, nowMs: number): Knex.QueryBuilder {
  return q.where((w) => {
    void w.where((p) => { void p.where("job_items.state", "pending").andWhere("job_items.not_before_ms", "<=", nowMs); })
      .orWhere((r) => { void r.where("job_items.state", "running").andWhere("job_items.lease_expires_ms", "<=", nowMs); });
  });
}

/** Leased items per workspace whose lease still holds: they occupy the workspace's concurrency. */
async function inFlight(trx: Knex.Transaction, nowMs: number): Promise<Map<string, number>> {
  const rows = await trx("job_items").where("state", "running").andWhere("lease_expires_ms", ">", nowMs)
    .groupBy("client_key").select("client_key").count<Array<{ client_key: string; n: DbNumber }>>({ n: "*" });
  return new Map(rows.map((r) => [r.client_key, num(r.n)]));
}

/**
 * Atomically leases up to `limit` items to `workerId`.
 * - PostgreSQL with several instances: the claim runs under one advisory lock (claims are short, and it makes the
 *   per-workspace concurrency count exact) and selects rows `FOR UPDATE SKIP LOCKED`, so rows a completing or cancelling
 *   transaction holds are skipped rather than waited for.
 * - SQLite: the transaction takes the single write lock first (see lockedTransaction).
 * An item of a cancelled or stopped job is not started, but an expired lease on one is reclaimed, so the item still
 * ends and the job can close.
 */
export async function claimItems(db: Database, workerId: string, options: ClaimOptions): Promise<ClaimedItem[]> {
  const { nowMs, leaseMs, limit } = options;
  if (limit <= 0) return [];
  // Workspace limits may read the database, so they are looked up before the transaction (SQLite has one connection).
  const keys = (await claimable(db.knex("job_items").distinct("client_key"), nowMs)) as Array<{ client_key: string }>;
  if (keys.length === 0) return [];
  const concurrency = new Map<string, number>();
  for (const { client_key } of keys) concurrency.set(client_key, await options.concurrencyFor(client_key));

  return lockedTransaction(db, CLAIM_LOCK, async (trx) => {
    const busy = await inFlight(trx, nowMs);
    const room = new Map([...concurrency].map(([key, max]) => [key, Math.max(0, max - (busy.get(key) ?? 0))]));
    const open = [...room].filter(([, n]) => n > 0).map(([key]) => key);
    if (open.length === 0) return [];
    let query = claimable(
      trx("job_items").join("jobs", "jobs.id", "job_items.job_id").whereIn("job_items.client_key", open)
        .whereIn("jobs.state", ["queued", "running"])
        .where((w) => {
          void w.where((live) => { void live.whereNull("jobs.cancel_requested_at").whereNull("jobs.stop_code"); })
            .orWhere("job_items.state", "running");
        }),
      nowMs,
    )
      .select("job_items.*", "jobs.project_key", "jobs.kind", "jobs.created_by", "jobs.budget_key")
      .orderBy([{ column: "job_items.not_before_ms" }, { column: "job_items.id" }])
      // Over-read so one workspace at its limit does not starve the others in this round.
      .limit(limit * 4);
    if (db.dialect === "postgres") query = query.forUpdate("job_items").skipLocked();
    const candidates = (await query) as CandidateRow[];

    const chosen: CandidateRow[] = [];
    for (const row of candidates) {
      if (chosen.length >= limit) break;
      const left = room.get(row.client_key) ?? 0;
      if (left <= 0) continue;
      room.set(row.client_key, left - 1);
      chosen.push(row);
    }
    if (chosen.length === 0) return [];

    const leaseExpiresMs = nowMs + leaseMs;
    const ids = chosen.map((r) => num(r.id));
    await claimable(trx("job_items").whereIn("id", ids), nowMs).update({
      state: "running",
      lease_owner: workerId,
      lease_expires_ms: leaseExpiresMs,
      started_at: nowMs,
      attempts: trx.raw("attempts + 1"),
    });
    await trx<JobRow>("jobs").whereIn("id", [...new Set(chosen.map((r) => r.job_id))]).where("state", "queued")
      .update({ state: "running", started_at: nowMs });

    return chosen.map((row) => ({
      item: {
        id: num(row.id),
        jobId: row.job_id,
        clientKey: row.client_key,
        seq: row.seq,
        target: row.target === "project" ? "project" : "repository",
        repository: row.repository_uuid === null ? null : { slug: row.repository_slug ?? "", uuid: row.repository_uuid },
        principal: principalOf(row.principal),
        before: levelOf(row.before),
        after: levelOf(row.after),
        attempts: row.attempts + 1,
        retries: row.retries,
        leaseExpiresMs,
      },
      job: {
        id: row.job_id,
        clientKey: row.client_key,
        projectKey: row.project_key,
        kind: row.kind as JobKind,
        createdBy: row.created_by,
        budgetKey: row.budget_key,
      },
    }));
  });
}
