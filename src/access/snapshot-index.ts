import type { GrantLevel, RepositoryGrantLevel } from "./levels";
import { principalKey, type Principal } from "./principal";
import type { AccessSnapshot, SnapshotGroup, SnapshotRepository, SnapshotUser } from "./snapshot";

/**
 * Maps over one snapshot, so that effective access and planning are linear in the number of grants instead of
 * scanning every list per repository (a project may hold 5,000 repositories and tens of thousands of grants).
 * Keys are `principalKey(...)` strings and repository uuids.
 */
export interface SnapshotIndex {
  readonly snapshot: AccessSnapshot;
  readonly repositoriesByUuid: ReadonlyMap<string, SnapshotRepository>;
  /** principal key → its explicit project grant */
  readonly projectGrants: ReadonlyMap<string, GrantLevel>;
  /** principal key → repository uuid → its explicit repository grant */
  readonly repositoryGrantsByPrincipal: ReadonlyMap<string, ReadonlyMap<string, RepositoryGrantLevel>>;
  /** Every principal named by a grant, with the best name any list gave it. */
  readonly grantees: ReadonlyMap<string, Principal>;
  readonly groupsBySlug: ReadonlyMap<string, SnapshotGroup>;
  /** user uuid → slugs of the groups the user belongs to (empty when groups are unavailable). */
  readonly groupSlugsByUser: ReadonlyMap<string, readonly string[]>;
  readonly workspaceAdminsByUuid: ReadonlyMap<string, SnapshotUser>;
  /** Members and owners, by uuid. */
  readonly membersByUuid: ReadonlyMap<string, SnapshotUser>;
  /** Members and owners, by Atlassian account id. */
  readonly membersByAccountId: ReadonlyMap<string, SnapshotUser>;
}

const cache = new WeakMap<AccessSnapshot, SnapshotIndex>();

/**
 * Indexes a snapshot once; later calls with the same (immutable) snapshot object return the same index.
 * User uuids are compared exactly as Bitbucket sends them (`{lower-case}`); request ids are normalised to that form
 * before they reach the index (see resolve-principal.ts).
 */
export const indexSnapshot = (snapshot: AccessSnapshot): SnapshotIndex => {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const index = buildIndex(snapshot);
  cache.set(snapshot, index);
  return index;
};

const buildIndex = (snapshot: AccessSnapshot): SnapshotIndex => {
  const grantees = new Map<string, Principal>();
  const remember = (principal: Principal): string => {
    const key = principalKey(principal);
    const known = grantees.get(key);
    if (!known || (known.name === undefined && principal.name !== undefined)) grantees.set(key, principal);
    return key;
  };

  const projectGrants = new Map<string, GrantLevel>();
  for (const grant of snapshot.projectGrants) projectGrants.set(remember(grant.principal), grant.level);

  const repositoryGrantsByPrincipal = new Map<string, Map<string, RepositoryGrantLevel>>();
  for (const grant of snapshot.repositoryGrants) {
    const key = remember(grant.principal);
    let byRepository = repositoryGrantsByPrincipal.get(key);
    if (!byRepository) repositoryGrantsByPrincipal.set(key, (byRepository = new Map<string, RepositoryGrantLevel>()));
    byRepository.set(grant.repositoryUuid, grant.level);
  }

  const groupsBySlug = new Map<string, SnapshotGroup>();
  const groupSlugsByUser = new Map<string, string[]>();
  for (const group of snapshot.groups ?? []) {
    groupsBySlug.set(group.slug, group);
    for (const uuid of group.memberUuids) {
      const slugs = groupSlugsByUser.get(uuid);
      if (slugs) slugs.push(group.slug);
      else groupSlugsByUser.set(uuid, [group.slug]);
    }
  }

  const workspaceAdminsByUuid = new Map(snapshot.workspaceAdmins.map((user) => [user.uuid, user]));
  const membersByUuid = new Map<string, SnapshotUser>();
  const membersByAccountId = new Map<string, SnapshotUser>();
  for (const user of [...snapshot.members, ...snapshot.workspaceAdmins]) {
    membersByUuid.set(user.uuid, user);
    if (user.accountId !== undefined) membersByAccountId.set(user.accountId, user);
  }

  return {
    snapshot,
    repositoriesByUuid: new Map(snapshot.repositories.map((repository) => [repository.uuid, repository])),
    projectGrants,
    repositoryGrantsByPrincipal,
    grantees,
    groupsBySlug,
    groupSlugsByUser,
    workspaceAdminsByUuid,
    membersByUuid,
    membersByAccountId,
  };
};

/** The principal with the best display name the snapshot knows (member list, group list, then grant lists). */
export const namedPrincipal = (index: SnapshotIndex, principal: Principal): Principal => {
  const name =
    principal.type === "user"
      ? index.membersByUuid.get(principal.uuid)?.name
      : index.groupsBySlug.get(principal.slug)?.name;
  const known = name ?? principal.name ?? index.grantees.get(principalKey(principal))?.name;
  return known === undefined ? principal : { ...principal, name: known };
};
