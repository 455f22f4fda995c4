import { randomUUID } from "node:crypto";
import type { Database } from "../db/database";
import type { Level } from "../access/levels";
import { principalKey, type Principal } from "../access/principal";
import { systemClock, type Clock } from "./clock";
import { levelOf, num, principalOf, type DbNumber } from "./rows";

/**
 * "Also for new repositories": a project's standing explicit repository grant. `repo:created` in the project turns each
 * rule into a `rule` job for the new repository.
 */
export interface ProjectRule {
  readonly id: string;
  readonly projectKey: string;
  readonly principal: Principal;
  readonly level: Level;
  readonly createdBy: string;
  readonly createdAtMs: number;
  /** The job whose plan saved the rule. */
  readonly sourceJobId: string | null;
}

export interface NewRule {
  readonly projectKey: string;
  readonly principal: Principal;
  readonly level: Level;
  readonly createdBy: string;
  readonly sourceJobId?: string | null;
}

export interface RuleStore {
  /**
   * One rule per project and principal: saving again replaces the level. Level `none` (a revoke applied "also for new
   * repositories") removes the principal's rule instead, and answers null.
   */
  saveRule(clientKey: string, rule: NewRule): Promise<ProjectRule | null>;
  listRules(clientKey: string, filter?: { projectKey?: string }): Promise<ProjectRule[]>;
  /** false for an unknown id or another tenant's. */
  deleteRule(clientKey: string, id: string): Promise<boolean>;
}

interface RuleRow {
  id: string; client_key: string; project_key: string; principal: string; principal_key: string; level: string;
  created_by: string; created_at: DbNumber; source_job_id: string | null;
}

const toRule = (r: RuleRow): ProjectRule => ({
  id: r.id, projectKey: r.project_key, principal: principalOf(r.principal), level: levelOf(r.level), createdBy: r.created_by,
  createdAtMs: num(r.created_at), sourceJobId: r.source_job_id,
});

export function createRuleStore(deps: { db: Database; clock?: Clock; newId?: () => string }): RuleStore {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? randomUUID;
  return {
    async saveRule(clientKey, rule) {
      const key = { client_key: clientKey, project_key: rule.projectKey, principal_key: principalKey(rule.principal) };
      if (rule.level === "none") {
        await db.knex<RuleRow>("project_rules").where(key).delete();
        return null;
      }
      await db.knex<RuleRow>("project_rules")
        .insert({
          ...key, id: newId(), principal: JSON.stringify(rule.principal), level: rule.level, created_by: rule.createdBy,
          created_at: clock(), source_job_id: rule.sourceJobId ?? null,
        })
        .onConflict(["client_key", "project_key", "principal_key"])
        .merge(["principal", "level", "created_by", "created_at", "source_job_id"]);
      const row = await db.knex<RuleRow>("project_rules").where(key).first();
      return row ? toRule(row) : null;
    },
    async listRules(clientKey, filter = {}) {
      const where: Partial<RuleRow> = { client_key: clientKey };
      if (filter.projectKey !== undefined) where.project_key = filter.projectKey;
      return (await db.knex<RuleRow>("project_rules").where(where).orderBy([{ column: "project_key" }, { column: "created_at" }])).map(toRule);
    },
    async deleteRule(clientKey, id) {
      return (await db.knex<RuleRow>("project_rules").where({ id, client_key: clientKey }).delete()) > 0;
    },
  };
}
