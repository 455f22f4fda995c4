import { asRepositoryLevel, type Level } from "./levels";
import { ownGrants, type OwnGrants } from "./effective-access";
import type { PlanRequest } from "./plan-request";
import { principalKey, type Principal } from "./principal";
import { repositoryFilter } from "./repository-filter";
import type { SnapshotRepository } from "./snapshot";
import type { SnapshotIndex } from "./snapshot-index";
import type { ResolvedPrincipal } from "./resolve-principal";

/** Everything the planner's parts share about one request against one snapshot. */
export interface PlanContext {
  readonly index: SnapshotIndex;
  readonly request: PlanRequest;
  readonly resolved: ResolvedPrincipal;
  readonly principal: Principal;
  readonly key: string;
  readonly includesProject: boolean;
  readonly includesRepositories: boolean;
  /** Repositories the patterns select, in snapshot order; empty for scope "project". */
  readonly matched: readonly SnapshotRepository[];
  readonly matchedUuids: ReadonlySet<string>;
  /** The principal's own project grant once the plan has run. */
  readonly projectAfter: Level;
}

export const planContext = (index: SnapshotIndex, request: PlanRequest, resolved: ResolvedPrincipal): PlanContext => {
  const includesProject = request.scope !== "repositories";
  const includesRepositories = request.scope !== "project";
  const matches = repositoryFilter(request.repositories);
  const matched = includesRepositories ? index.snapshot.repositories.filter((repository) => matches(repository.slug)) : [];
  const key = principalKey(resolved.principal);
  return {
    index,
    request,
    resolved,
    principal: resolved.principal,
    key,
    includesProject,
    includesRepositories,
    matched,
    matchedUuids: new Set(matched.map((repository) => repository.uuid)),
    projectAfter: includesProject ? request.permission : (index.projectGrants.get(key) ?? "none"),
  };
};

/** The principal's own grants on a repository once the plan has run (everyone else's stay as they are). */
export const ownGrantsAfter = (context: PlanContext, repositoryUuid: string): OwnGrants => {
  const before = ownGrants(context.index, context.principal, repositoryUuid);
  const repository = context.matchedUuids.has(repositoryUuid) ? asRepositoryLevel(context.request.permission) : before.repository;
  return { project: context.projectAfter, repository };
};
