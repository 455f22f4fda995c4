import { planAction, type PlanItem, type PlanSummary } from "./plan";
import type { PlanContext } from "./plan-context";
import { repositoryRef } from "./snapshot";
import type { Level } from "./levels";

/**
 * The diff between the desired explicit state and the snapshot: one item per target whose own grant changes.
 * A target already in the desired state (including "none" where there is no grant) is a noop: counted, no item,
 * no call. The project item comes first so that inherited access is in place before repository grants change.
 */
export const diffItems = (context: PlanContext): { items: PlanItem[]; summary: PlanSummary } => {
  const items: PlanItem[] = [];
  let noop = 0;
  const add = (target: PlanItem["target"], repository: PlanItem["repository"], before: Level, after: Level): void => {
    if (before === after) noop += 1;
    else items.push({ target, repository, before, after, action: planAction(before, after) });
  };

  const { index, key, request } = context;
  if (context.includesProject) add("project", null, index.projectGrants.get(key) ?? "none", request.permission);
  if (context.includesRepositories) {
    const grants = index.repositoryGrantsByPrincipal.get(key);
    for (const repository of context.matched) add("repository", repositoryRef(repository), grants?.get(repository.uuid) ?? "none", request.permission);
  }

  const summary = { grant: 0, change: 0, revoke: 0, noop };
  for (const item of items) summary[item.action] += 1;
  return { items, summary };
};
