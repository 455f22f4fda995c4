import type { JobSummary, Level, Plan, PlanScope, Principal } from "../../shared/api-contract";
import { count, formatDuration } from "./format";
import { LEVEL_LABELS } from "./levels";

/** "group Contractors" / "user Ana Lima" */
export const principalWords = (principal: Principal): string => `${principal.type} ${principal.name}`;

const scopeWords = (plan: Pick<Plan, "scope" | "repositories">): string => {
  const patterns = (plan.repositories?.include?.length ?? 0) + (plan.repositories?.exclude?.length ?? 0) > 0;
  const repositories = patterns ? "the matching repositories" : "every repository";
  const words: Record<PlanScope, string> = {
    project: "the project's own grant",
    repositories,
    both: `the project's own grant and ${repositories}`,
  };
  return words[plan.scope];
};

/** The plan's headline: "Give group Contractors Write on the matching repositories of MOBILE". */
export const planHeadline = (plan: Plan): string =>
  plan.permission === "none"
    ? `Remove ${principalWords(plan.principal)} from ${scopeWords(plan)} of ${plan.projectKey}`
    : `Give ${principalWords(plan.principal)} ${LEVEL_LABELS[plan.permission]} on ${scopeWords(plan)} of ${plan.projectKey}`;

/** The counts in one sentence: "270 grants, 3 changes and 1 revoke; 30 targets already as asked (no change)." */
export const planSummaryText = (plan: Plan): string => {
  const { grant, change, revoke, noop } = plan.summary;
  const parts = [count(grant, "grant"), count(change, "change"), count(revoke, "revoke")];
  const changes = `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1] ?? ""}`;
  const unchanged = noop > 0 ? `; ${count(noop, "target")} already as asked (no change)` : "";
  if (grant + change + revoke === 0) return `Nothing to change${unchanged}.`;
  return `${changes}${unchanged}.`;
};

/** "270 calls to Bitbucket, about 5 minutes at the current call budget." */
export const planEstimateText = (plan: Plan): string =>
  plan.estimate.apiCalls === 0
    ? "No calls to Bitbucket are needed."
    : `${count(plan.estimate.apiCalls, "call")} to Bitbucket, ${formatDuration(plan.estimate.seconds)} at the current call budget.`;

/** What a past job did, for the history table. */
export const jobWhat = (job: Pick<JobSummary, "kind" | "principal" | "permission" | "total" | "sourceJobId">): string => {
  const who = job.principal ? principalWords(job.principal) : "several principals";
  const level: Level | null = job.permission;
  const targets = count(job.total, "target");
  switch (job.kind) {
    case "undo": return `Undo of job ${job.sourceJobId ?? "?"} (${targets})`;
    case "retry": return `Retry of the failed items of job ${job.sourceJobId ?? "?"} (${targets})`;
    case "rule": return `Rule for a new repository: ${who} ${level ? LEVEL_LABELS[level] : ""}`.trim();
    case "apply":
      return level === "none" ? `Remove ${who} (${targets})` : `${who}: ${level ? LEVEL_LABELS[level] : "?"} (${targets})`;
  }
};
