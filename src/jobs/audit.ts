import type { Database } from "../db/database";
import type { Level } from "../access/levels";
import { principalKey, type Principal } from "../access/principal";
import type { AuditResult, AuditRow } from "./audit-write";
import { levelOf, num, principalOf } from "./rows";
import type { ItemError, RepositoryRef, Target } from "./types";

/** One attempted change as `GET /api/audit` returns it. */
export interface AuditEntry {
  readonly id: number;
  /** ISO 8601. */
  readonly at: string;
  readonly atMs: number;
  readonly actor: { readonly id: string; readonly name: string | null };
  readonly projectKey: string;
  readonly target: Target;
  readonly repository: RepositoryRef | null;
  readonly principal: Principal;
  readonly before: Level;
  readonly after: Level;
  readonly jobId: string;
  readonly result: AuditResult;
  readonly error: ItemError | null;
}

export interface AuditFilter {
  readonly projectKey?: string;
  /** A principal or its key (`user:{uuid}`, `group:slug`). */
  readonly principal?: Principal | string;
  readonly sinceMs?: number;
  /** Exclusive. */
  readonly untilMs?: number;
  /** At most this many, newest first; default 1,000, capped at 10,000. */
  readonly limit?: number;
}

export interface AuditLog {
  queryAudit(clientKey: string, filter?: AuditFilter): Promise<AuditEntry[]>;
}

const MAX_LIMIT = 10_000;

export function createAuditLog({ db }: { db: Database }): AuditLog {
  return {
    async queryAudit(clientKey, filter = {}) {
      const where: Partial<AuditRow> = { client_key: clientKey };
      if (filter.projectKey !== undefined) where.project_key = filter.projectKey;
      if (filter.principal !== undefined) {
        where.principal_key = typeof filter.principal === "string" ? filter.principal : principalKey(filter.principal);
      }
      const query = db.knex<AuditRow>("audit_log").where(where).andWhere("at_ms", ">=", filter.sinceMs ?? 0)
        .andWhere("at_ms", "<", filter.untilMs ?? Number.MAX_SAFE_INTEGER);
      const limit = Math.min(Math.max(1, filter.limit ?? 1000), MAX_LIMIT);
      const rows = await query.orderBy([{ column: "at_ms", order: "desc" }, { column: "id", order: "desc" }]).limit(limit);
      return rows.map(toEntry);
    },
  };
}

function toEntry(row: AuditRow): AuditEntry {
  const atMs = num(row.at_ms);
  return {
    id: num(row.id),
    at: new Date(atMs).toISOString(),
    atMs,
    actor: { id: row.actor, name: row.actor_name },
    projectKey: row.project_key,
    target: row.target === "project" ? "project" : "repository",
    repository: row.repository_uuid === null ? null : { slug: row.repository_slug ?? "", uuid: row.repository_uuid },
    principal: principalOf(row.principal),
    before: levelOf(row.before),
    after: levelOf(row.after),
    jobId: row.job_id,
    result: row.result as AuditResult,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? "" },
  };
}
