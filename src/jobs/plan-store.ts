import { randomUUID } from "node:crypto";
import type { Database } from "../db/database";
import type { Level } from "../access/levels";
import { principalKey, type Principal } from "../access/principal";
import { systemClock, type Clock } from "./clock";
import { num, principalOf, type DbNumber } from "./rows";
import type { JobItemInput, RepositoryRef } from "./types";

/** What this store needs of src/access's `Plan`; the planner's type satisfies it and reads back whole. */
export interface PlanItemLike {
  readonly target: "project" | "repository";
  readonly repository: RepositoryRef | null;
  readonly before: Level;
  readonly after: Level;
}
export interface PlanLike {
  readonly projectKey: string;
  readonly principal: Principal;
  readonly permission: string;
  readonly scope: string;
  readonly items: readonly PlanItemLike[];
  readonly summary: unknown;
  readonly warnings: readonly unknown[];
  readonly estimate?: unknown;
}

export interface StoredPlan<P extends PlanLike> {
  readonly id: string;
  readonly clientKey: string;
  readonly createdBy: string;
  readonly createdAtMs: number;
  /** The request body the plan was made from, as the API validated it. */
  readonly request: unknown;
  readonly plan: P;
}

export interface PlanStore<P extends PlanLike> {
  savePlan(clientKey: string, input: { plan: P; request: unknown; createdBy: string }): Promise<StoredPlan<P>>;
  /** `null` for an unknown id or another tenant's. */
  getPlan(clientKey: string, id: string): Promise<StoredPlan<P> | null>;
}

interface PlanRow {
  id: string; client_key: string; project_key: string; principal: string; principal_key: string; permission: string;
  scope: string; request: string; items: string; summary: string; warnings: string; estimate: string | null;
  details: string; created_by: string; created_at: DbNumber;
}

/** The job items that apply a plan: each plan item bound to the plan's principal. */
export const jobItemsOfPlan = (plan: PlanLike): JobItemInput[] =>
  plan.items.map((i) => ({ target: i.target, repository: i.repository, principal: plan.principal, before: i.before, after: i.after }));

/** Plans are stored so that applying one executes exactly the items the admin saw. */
export function createPlanStore<P extends PlanLike>(deps: { db: Database; clock?: Clock; newId?: () => string }): PlanStore<P> {
  const { db } = deps;
  const clock = deps.clock ?? systemClock;
  const newId = deps.newId ?? randomUUID;
  const parse = (json: string): unknown => JSON.parse(json);
  return {
    async savePlan(clientKey, { plan, request, createdBy }) {
      const { projectKey, principal, permission, scope, items, summary, warnings, estimate, ...details } = plan;
      const row: PlanRow = {
        id: newId(), client_key: clientKey, project_key: projectKey, principal: JSON.stringify(principal),
        principal_key: principalKey(principal), permission, scope, request: JSON.stringify(request ?? null),
        items: JSON.stringify(items), summary: JSON.stringify(summary), warnings: JSON.stringify(warnings),
        estimate: estimate === undefined ? null : JSON.stringify(estimate), details: JSON.stringify(details),
        created_by: createdBy, created_at: clock(),
      };
      await db.knex<PlanRow>("plans").insert(row);
      return { id: row.id, clientKey, createdBy, createdAtMs: num(row.created_at), request: request ?? null, plan };
    },
    async getPlan(clientKey, id) {
      const row = await db.knex<PlanRow>("plans").where({ id, client_key: clientKey }).first();
      if (!row) return null;
      const plan = {
        ...(parse(row.details) as object),
        projectKey: row.project_key,
        principal: principalOf(row.principal),
        permission: row.permission,
        scope: row.scope,
        items: parse(row.items),
        summary: parse(row.summary),
        warnings: parse(row.warnings),
        ...(row.estimate === null ? {} : { estimate: parse(row.estimate) }),
      } as unknown as P; // our own JSON of a P, reassembled field for field
      return { id: row.id, clientKey, createdBy: row.created_by, createdAtMs: num(row.created_at), request: parse(row.request), plan };
    },
  };
}
