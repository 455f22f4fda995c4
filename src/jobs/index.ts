/** The durable job layer: what the API, the CLI and server.ts use. Internals (rows, locks, claim SQL) stay unexported. */
export type { Clock } from "./clock";
export type * from "./types";
export { JobConflict, InvalidJobItem, type JobConflictCode } from "./errors";
export { createJobStore, type JobStore, type JobStoreDeps } from "./job-store";
export type { DeriveOptions } from "./job-derive";
export { createJobWorker, type ItemExecutor, type JobWorker, type JobWorkerOptions } from "./worker";
export type { WorkItem, WorkJob, ClaimedItem } from "./work-item";
export { claimItems, type ClaimOptions } from "./claim";
export { DEFAULT_OUTCOME_POLICY, decideOutcome, type OutcomePolicy } from "./outcome-policy";
export { createDbCallBudget, type CallBudget, type BudgetDecision, type DbCallBudget, type DbCallBudgetOptions } from "./db-call-budget";
export { createAuditLog, type AuditEntry, type AuditFilter, type AuditLog } from "./audit";
export type { AuditResult } from "./audit-write";
export { toCsv } from "./audit-csv";
export { createRuleStore, type ProjectRule, type NewRule, type RuleStore } from "./rules";
export { createPlanStore, jobItemsOfPlan, type PlanLike, type PlanStore, type StoredPlan } from "./plan-store";
export { DEFAULT_LIMITS, fixedLimits, workspaceLimitsFromDb, type LimitsFor, type WorkspaceLimits } from "./workspace-limits";
