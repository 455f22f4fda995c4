import { buildPlan, type Plan, type PlanRequest } from "../access";
import { budgetKey } from "../bitbucket";
import type { Database } from "../db/database";
import { jobItemsOfPlan, workspaceLimitsFromDb, type JobStore, type PlanStore, type RuleStore, type StoredPlan } from "../jobs";
import type { AccessService } from "./access-service";
import type { CredentialService } from "./credential-service";
import { credentialRequired, notFound } from "./errors";

/** The acting Bitbucket user: the session token's subject. */
export interface EngineActor { readonly id: string; readonly name?: string | undefined }

export interface PlanService {
  /**
   * Plans the request against the project's snapshot (read from Bitbucket when stale) under the workspace's budget and
   * concurrency, and stores the plan so that applying it runs exactly what was previewed.
   * @throws {NotFound} (client) for an unknown project; budget errors when the snapshot cannot be read
   */
  createPlan(clientKey: string, projectKey: string, request: PlanRequest, actor: EngineActor): Promise<StoredPlan<Plan>>;
  getPlan(clientKey: string, planId: string): Promise<StoredPlan<Plan> | null>;
  /**
   * Creates the job with all the plan's items (and, with `alsoForNewRepositories`, the project's rule). Applying a plan whose
   * job is still queued or running answers that job instead of starting a second one (a double click).
   * @throws {EngineError} NOT_FOUND, CREDENTIAL_REQUIRED
   */
  applyPlan(clientKey: string, planId: string, actor: EngineActor): Promise<string>;
}

export function createPlanService(deps: {
  db: Database; access: AccessService; credentials: CredentialService; plans: PlanStore<Plan>; jobs: JobStore; rules: RuleStore;
  /** Calls a budget key has spent in the current window, so the estimate knows what can start at once. */
  budgetUsed: (budgetKey: string) => Promise<number>;
  /** The client's write throttle per credential, which paces a job as much as the budget does. */
  writeLimiter: { readonly maxConcurrent: number; readonly minTimeMs: number };
}): PlanService {
  const { db, access, credentials, plans, jobs, rules } = deps;
  const limits = workspaceLimitsFromDb(db);

  return {
    async createPlan(clientKey, projectKey, request, actor) {
      const { snapshot } = await access.snapshot(clientKey, projectKey);
      const { callsPerHour, concurrency } = await limits(clientKey);
      const credential = await credentials.credentialOf(clientKey);
      // Without a credential nothing can be applied yet; a fresh one would start with a whole window.
      const availableCalls = credential ? Math.max(0, callsPerHour - await deps.budgetUsed(budgetKey(credential))) : callsPerHour;
      const plan = buildPlan(snapshot, request, { callsPerHour, concurrency, availableCalls, writeLimiter: deps.writeLimiter });
      return plans.savePlan(clientKey, { plan, request, createdBy: actor.id });
    },
    getPlan: (clientKey, planId) => plans.getPlan(clientKey, planId),
    async applyPlan(clientKey, planId, actor) {
      const stored = await plans.getPlan(clientKey, planId);
      if (!stored) throw notFound("The plan");
      const credential = await credentials.credentialOf(clientKey);
      if (!credential) throw credentialRequired();
      const unfinished = await db.knex<{ id: string; client_key: string; plan_id: string; state: string }>("jobs")
        .where({ client_key: clientKey, plan_id: planId }).whereIn("state", ["queued", "running"]).first("id");
      if (unfinished) return unfinished.id;
      const { plan } = stored;
      const jobId = await jobs.createJob(clientKey, {
        kind: "apply", projectKey: plan.projectKey, items: jobItemsOfPlan(plan), createdBy: actor.id, createdByName: actor.name ?? null,
        planId, budgetKey: budgetKey(credential), principal: plan.principal, permission: plan.permission,
      });
      // A rule keeps the explicit repository grant for repositories created later; a project grant needs none (inherited).
      if (plan.alsoForNewRepositories && plan.scope !== "project") {
        await rules.saveRule(clientKey, { projectKey: plan.projectKey, principal: plan.principal, level: plan.permission, createdBy: actor.id, sourceJobId: jobId });
      }
      return jobId;
    },
  };
}
