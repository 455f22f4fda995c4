import type { Plan, PlanWarning } from "./plan";
import { planContext } from "./plan-context";
import { estimateRun, type EstimateOptions } from "./plan-estimate";
import { diffItems } from "./plan-items";
import { overrideWarnings } from "./plan-overrides";
import type { PlanRequest } from "./plan-request";
import { principalWarnings, scopeWarnings } from "./plan-warnings";
import { resolvePrincipal } from "./resolve-principal";
import type { AccessSnapshot } from "./snapshot";
import { indexSnapshot } from "./snapshot-index";

export type PlanOptions = EstimateOptions;

/**
 * Diffs the desired explicit state against a snapshot: the preview shown before anything is applied.
 * Pure and synchronous; linear in repositories plus grants (a 5,000-repository project plans in milliseconds).
 * The request must already be validated by `parsePlanRequest`.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/configure-project-permissions-for-users-and-groups/
 */
export const buildPlan = (snapshot: AccessSnapshot, request: PlanRequest, options: PlanOptions): Plan => {
  const index = indexSnapshot(snapshot);
  const context = planContext(index, request, resolvePrincipal(index, request.principal));
  const { items, summary } = diffItems(context);
  const estimate = estimateRun(items.length, options);
  const warnings: PlanWarning[] = [...principalWarnings(context, items), ...overrideWarnings(context), ...scopeWarnings(context, items)];
  if (estimate.apiCalls > options.callsPerHour) {
    warnings.push({
      code: "EXCEEDS_HOURLY_BUDGET",
      message: `This plan needs ${estimate.apiCalls} calls, more than the hourly budget of ${options.callsPerHour}; it will run for about ${Math.ceil(estimate.seconds / 60)} minutes, sharing the budget with reads.`,
    });
  }
  return {
    projectKey: snapshot.project.key,
    principal: context.principal,
    permission: request.permission,
    scope: request.scope,
    ...(request.repositories ? { repositories: request.repositories } : {}),
    alsoForNewRepositories: request.alsoForNewRepositories ?? false,
    matchedRepositories: context.matched.length,
    snapshotAsOfMs: snapshot.asOfMs,
    items,
    summary,
    warnings,
    estimate,
  };
};
