import { asRepositoryLevel, maxLevel, levelRank, type GrantLevel, type Level, type RepositoryGrantLevel } from "./levels";
import { principalKey, type Principal } from "./principal";
import type { AccessSnapshot, RepositoryRef } from "./snapshot";
import { indexSnapshot, type SnapshotIndex } from "./snapshot-index";

/** A level as it applies to a repository: `create-repo` reads as `write` there. */
export type RepositoryLevel = Exclude<Level, "create-repo">;

export interface GroupRef { readonly slug: string; readonly name: string }

/**
 * One reason a principal has access to a repository (the "why" of effective access).
 * `group` is set when the grant belongs to a group the user is a member of rather than to the user.
 */
export type AccessSource =
  | { readonly kind: "project-grant"; readonly grantLevel: GrantLevel; readonly level: RepositoryLevel; readonly group?: GroupRef }
  | { readonly kind: "repository-grant"; readonly level: RepositoryGrantLevel; readonly group?: GroupRef }
  | { readonly kind: "workspace-admin"; readonly level: "admin" };

export interface RepositoryAccess {
  readonly repository: RepositoryRef;
  /** The highest level of all sources: Bitbucket never lets one grant lower another. */
  readonly level: RepositoryLevel;
  /** Highest first; empty when the principal has no access. */
  readonly sources: readonly AccessSource[];
}

/** A principal's own explicit grants on one repository and its project. */
export interface OwnGrants { readonly project: Level; readonly repository: RepositoryLevel }

/**
 * The sources that do not belong to the principal itself: its groups' project and repository grants and the
 * workspace admin role. A plan changes only the principal's own grants, so these are what stays.
 * Computed once per principal (not per repository) so that a 5,000-repository project stays fast.
 */
export interface InheritedAccess {
  /** The same on every repository: the workspace admin role and the groups' project grants. */
  readonly everywhere: readonly AccessSource[];
  /** The groups' explicit repository grants, by repository uuid. */
  readonly byRepository: ReadonlyMap<string, readonly AccessSource[]>;
}

/** Groups cannot be nested or be workspace admins, so a group principal inherits nothing. */
export const inheritedAccess = (index: SnapshotIndex, principal: Principal): InheritedAccess => {
  const everywhere: AccessSource[] = [];
  const byRepository = new Map<string, AccessSource[]>();
  if (principal.type === "group") return { everywhere, byRepository };
  if (index.workspaceAdminsByUuid.has(principal.uuid)) everywhere.push({ kind: "workspace-admin", level: "admin" });
  for (const slug of index.groupSlugsByUser.get(principal.uuid) ?? []) {
    const groupKey = principalKey({ type: "group", slug });
    const group: GroupRef = { slug, name: index.groupsBySlug.get(slug)?.name ?? slug };
    const projectLevel = index.projectGrants.get(groupKey);
    if (projectLevel) everywhere.push({ kind: "project-grant", grantLevel: projectLevel, level: asRepositoryLevel(projectLevel), group });
    for (const [repositoryUuid, level] of index.repositoryGrantsByPrincipal.get(groupKey) ?? []) {
      const source: AccessSource = { kind: "repository-grant", level, group };
      const sources = byRepository.get(repositoryUuid);
      if (sources) sources.push(source);
      else byRepository.set(repositoryUuid, [source]);
    }
  }
  return { everywhere, byRepository };
};

/** The inherited sources on one repository. */
export const inheritedSourcesOn = (inherited: InheritedAccess, repositoryUuid: string): AccessSource[] => {
  const onRepository = inherited.byRepository.get(repositoryUuid);
  return onRepository ? [...inherited.everywhere, ...onRepository] : [...inherited.everywhere];
};

/** The principal's own explicit grants as sources (`none` contributes nothing). */
export const ownSources = (own: OwnGrants): AccessSource[] => {
  const sources: AccessSource[] = [];
  if (own.project !== "none") sources.push({ kind: "project-grant", grantLevel: own.project, level: asRepositoryLevel(own.project) });
  if (own.repository !== "none") sources.push({ kind: "repository-grant", level: own.repository });
  return sources;
};

export const ownGrants = (index: SnapshotIndex, principal: Principal, repositoryUuid: string): OwnGrants => {
  const key = principalKey(principal);
  return {
    project: index.projectGrants.get(key) ?? "none",
    repository: index.repositoryGrantsByPrincipal.get(key)?.get(repositoryUuid) ?? "none",
  };
};

/** Effective level of a set of sources: the highest wins. */
export const effectiveLevel = (sources: readonly AccessSource[]): RepositoryLevel => asRepositoryLevel(maxLevel(sources.map((s) => s.level)));

const byLevelDescending = (a: AccessSource, b: AccessSource): number => levelRank(b.level) - levelRank(a.level);

/**
 * A principal's effective access to one repository and why. Users inherit from their groups; workspace admins
 * have admin everywhere; a project `create-repo` grant counts as `write` on a repository.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/configure-project-permissions-for-users-and-groups/
 * @throws {Error} when the repository is not in the snapshot
 */
export const repositoryAccess = (snapshot: AccessSnapshot, principal: Principal, repositoryUuid: string): RepositoryAccess => {
  const index = indexSnapshot(snapshot);
  const repository = index.repositoriesByUuid.get(repositoryUuid);
  if (!repository) throw new Error(`Repository ${repositoryUuid} is not in the snapshot of project ${snapshot.project.key}`);
  return accessOn(index, principal, inheritedAccess(index, principal), repository);
};

/** {@link repositoryAccess} for every repository of the project, in the snapshot's order. */
export const principalRepositoryAccess = (snapshot: AccessSnapshot, principal: Principal): RepositoryAccess[] => {
  const index = indexSnapshot(snapshot);
  const inherited = inheritedAccess(index, principal);
  return snapshot.repositories.map((repository) => accessOn(index, principal, inherited, repository));
};

const accessOn = (index: SnapshotIndex, principal: Principal, inherited: InheritedAccess, repository: RepositoryRef): RepositoryAccess => {
  const sources = [...ownSources(ownGrants(index, principal, repository.uuid)), ...inheritedSourcesOn(inherited, repository.uuid)];
  sources.sort(byLevelDescending);
  return { repository: { slug: repository.slug, uuid: repository.uuid }, level: effectiveLevel(sources), sources };
};
