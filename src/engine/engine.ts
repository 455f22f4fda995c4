import type { Plan } from "../access";
import { DEFAULT_THROTTLE } from "../bitbucket";
import {
  createAuditLog, createJobStore, createJobWorker, createPlanStore, createRuleStore, DEFAULT_OUTCOME_POLICY, workspaceLimitsFromDb,
  type AuditLog, type ItemExecutor, type JobStore, type JobWorker, type JobWorkerOptions, type OutcomePolicy, type PlanStore, type RuleStore,
} from "../jobs";
import { createAccessService, type AccessService } from "./access-service";
import { createBitbucketGateway, type BitbucketGateway } from "./bitbucket-gateway";
import { createCredentialService, type CredentialService } from "./credential-service";
import { createJobCommands, type JobCommands } from "./job-commands";
import { createPermissionExecutor } from "./permission-executor";
import { createPlanService, type PlanService } from "./plan-service";
import { createSnapshotBatcher } from "./snapshot-batcher";
import { createSnapshotStore, type SnapshotStore } from "./snapshot-store";
import type { EngineDeps } from "./types";
import { createWebhookService, type WebhookService } from "./webhook-service";

/** The access engine, host-neutral: the Connect app's REST API and the CLI both drive it. */
export interface Engine {
  readonly access: AccessService;
  readonly credentials: CredentialService;
  readonly plans: PlanService;
  readonly jobs: JobStore;
  readonly jobCommands: JobCommands;
  readonly audit: AuditLog;
  readonly rules: RuleStore;
  readonly snapshots: SnapshotStore;
  readonly webhooks: WebhookService;
  readonly gateway: BitbucketGateway;
  /** Performs job items against Bitbucket; give it to every worker. */
  readonly executor: ItemExecutor;
  /** The worker policy: the jobs layer's, plus "no credential any more" stopping a job like a rejected one. */
  readonly outcomePolicy: OutcomePolicy;
  /** A worker over this engine's database, executor and policy. */
  createWorker(options: Omit<JobWorkerOptions, "db" | "executor" | "policy" | "clock">): JobWorker;
  /** Writes job results still queued for stored snapshots (snapshot-batcher.ts); call it before a graceful exit. */
  flushSnapshotUpdates(): Promise<void>;
}

const DEFAULT_STALE_AFTER_MS = 10 * 60_000;
const DEFAULT_INTERACTIVE_WAIT_MS = 10_000;
const DEFAULT_RATE_LIMITED_WAIT_MS = 60_000;

/**
 * Composes the engine from its deps. Creating it opens nothing: the database is the caller's, and Bitbucket is called only
 * when a method needs it.
 */
export function createEngine(deps: EngineDeps): Engine {
  const { db, clock, logger } = deps;
  const tuning = deps.tuning ?? {};
  const windowMs = tuning.budgetWindowMs ?? 3_600_000;
  let gateway: BitbucketGateway | undefined;
  const credentials = createCredentialService({ db, clock, secretKey: deps.secretKey, gateway: () => gatewayOf() });
  const gatewayOf = (): BitbucketGateway => (gateway ??= createBitbucketGateway(deps, (clientKey) => credentials.credentialOf(clientKey)));
  const bitbucket = gatewayOf();

  const snapshots = createSnapshotStore(db, clock);
  const jobs = createJobStore({ db, clock, limits: workspaceLimitsFromDb(db), windowMs });
  const plans: PlanStore<Plan> = createPlanStore<Plan>({ db, clock });
  const rules = createRuleStore({ db, clock });
  const batcher = createSnapshotBatcher({
    snapshots, logger, clock,
    options: {
      ...(tuning.snapshotBatchItems === undefined ? {} : { maxItems: tuning.snapshotBatchItems }),
      ...(tuning.snapshotBatchDelayMs === undefined ? {} : { maxDelayMs: tuning.snapshotBatchDelayMs }),
    },
  });
  const access = createAccessService({
    gateway: bitbucket, store: snapshots, clock, staleAfterMs: tuning.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, readConcurrency: tuning.readConcurrency ?? 4,
    interactiveWaitMs: tuning.interactiveWaitMs ?? DEFAULT_INTERACTIVE_WAIT_MS,
    rateLimitedWaitMs: tuning.rateLimitedWaitMs ?? DEFAULT_RATE_LIMITED_WAIT_MS,
    // Batches are written within a second or two; a mark a minute old was left by an instance that died.
    pendingGraceMs: Math.max(60_000, 30 * (tuning.snapshotBatchDelayMs ?? 1000)),
    beforeGet: (clientKey, projectKey) => batcher.flush(clientKey, projectKey),
  });
  const executor = createPermissionExecutor({ gateway: bitbucket, credentials, snapshots: batcher });
  const base = { ...DEFAULT_OUTCOME_POLICY, ...tuning.outcomePolicy };
  const outcomePolicy: OutcomePolicy = { ...base, stopJobCodes: [...new Set([...base.stopJobCodes, "credential_missing"])] };

  return {
    access,
    credentials,
    plans: createPlanService({
      db, access, credentials, plans, jobs, rules,
      budgetUsed: (key) => bitbucket.budget.used(key),
      writeLimiter: { ...DEFAULT_THROTTLE.write, ...tuning.throttle?.write },
    }),
    jobs,
    jobCommands: createJobCommands({ jobs, credentials, rules }),
    audit: createAuditLog({ db }),
    rules,
    snapshots,
    webhooks: createWebhookService({ db, gateway: bitbucket, snapshots, rules, jobs, credentials, logger }),
    gateway: bitbucket,
    executor,
    outcomePolicy,
    createWorker: (options) => createJobWorker({ ...options, db, executor, policy: outcomePolicy, clock }),
    flushSnapshotUpdates: () => batcher.flush(),
  };
}
