import type { Level } from "./levels";
import type { PlanItem } from "./plan";
import { principalKey, type Principal } from "./principal";
import type { AccessSnapshot, ProjectGrant, RepositoryGrant } from "./snapshot";

/**
 * The snapshot as it is after the given items succeeded: the principal's explicit grants set to each item's `after`
 * (`none` removes the grant). Lets job results keep a stored snapshot current without re-reading Bitbucket.
 * Returns a new snapshot; the input is not modified.
 * @throws {Error} for `create-repo` on a repository, which Bitbucket does not have
 */
export const applyItemsToSnapshot = (snapshot: AccessSnapshot, principal: Principal, items: readonly Pick<PlanItem, "target" | "repository" | "after">[]): AccessSnapshot => {
  const key = principalKey(principal);
  let projectAfter: Level | undefined;
  const repositoryAfter = new Map<string, Level>();
  for (const item of items) {
    if (item.target === "project") projectAfter = item.after;
    else if (item.repository) repositoryAfter.set(item.repository.uuid, item.after);
  }

  let projectGrants = snapshot.projectGrants;
  if (projectAfter !== undefined) {
    projectGrants = snapshot.projectGrants.filter((grant) => principalKey(grant.principal) !== key);
    if (projectAfter !== "none") projectGrants = [...projectGrants, { principal, level: projectAfter } satisfies ProjectGrant];
  }

  let repositoryGrants = snapshot.repositoryGrants;
  if (repositoryAfter.size > 0) {
    repositoryGrants = snapshot.repositoryGrants.filter((grant) => !(repositoryAfter.has(grant.repositoryUuid) && principalKey(grant.principal) === key));
    const added: RepositoryGrant[] = [];
    for (const [repositoryUuid, level] of repositoryAfter) {
      if (level === "create-repo") throw new Error(`create-repo is not a repository level (repository ${repositoryUuid})`);
      if (level !== "none") added.push({ repositoryUuid, principal, level });
    }
    repositoryGrants = [...repositoryGrants, ...added];
  }
  return { ...snapshot, projectGrants, repositoryGrants };
};
