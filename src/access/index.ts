/**
 * The access model's public surface, for the jobs, HTTP and CLI layers. Pure and host-neutral except
 * `readProjectSnapshot`, which reads through the Bitbucket client.
 */
export * from "./levels";
export * from "./principal";
export type { AccessSnapshot, ProjectGrant, RepositoryGrant, RepositoryRef, SnapshotGroup, SnapshotGroups, SnapshotRepository, SnapshotUser } from "./snapshot";
export { indexSnapshot, namedPrincipal, type SnapshotIndex } from "./snapshot-index";
export { principalRepositoryAccess, repositoryAccess, type AccessSource, type GroupRef, type RepositoryAccess, type RepositoryLevel } from "./effective-access";
export { accessSummaries, type PrincipalAccessSummary } from "./access-summary";
export { parsePlanRequest, planRequestSchema, type ParsedPlanRequest, type PlanRequest, type PlanScope, type RequestFieldError, type RequestedPermission } from "./plan-request";
export { repositoryFilter, type RepositoryPatterns } from "./repository-filter";
export { planAction, type Plan, type PlanAction, type PlanEstimate, type PlanItem, type PlanSummary, type PlanWarning, type PlanWarningCode } from "./plan";
export { buildPlan, type PlanOptions } from "./planner";
export { estimateRun, DEFAULT_LATENCY_MS, type EstimateOptions } from "./plan-estimate";
export { buildUndoItems, type ExecutedItem, type ItemOutcome, type PrincipalItem } from "./undo";
export { applyItemsToSnapshot } from "./apply-to-snapshot";
export { readProjectSnapshot, DEFAULT_READ_CONCURRENCY, type ReadProjectTarget, type ReadSnapshotOptions } from "./snapshot-reader";
export { mapBounded } from "./bounded-map";
