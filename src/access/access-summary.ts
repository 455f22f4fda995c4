import { higherLevel, maxLevel, type Level, type RepositoryGrantLevel } from "./levels";
import { principalKey, type Principal } from "./principal";
import type { AccessSnapshot } from "./snapshot";
import { indexSnapshot, namedPrincipal, type SnapshotIndex } from "./snapshot-index";

/** One row of "who has access to this project": a principal's explicit grants and the highest access it ends up with. */
export interface PrincipalAccessSummary {
  readonly principal: Principal;
  /** The principal's own explicit project grant (`none` when it has none). */
  readonly projectLevel: Level;
  /** How many explicit repository grants the principal itself holds, by level. */
  readonly repositoryGrants: Readonly<Record<RepositoryGrantLevel, number>>;
  /**
   * The highest level it has anywhere in the project, from every source (own grants, its groups' grants, the
   * workspace admin role). A project `create-repo` stays `create-repo` here because it is a project-level figure.
   */
  readonly highestLevel: Level;
  readonly workspaceAdmin: boolean;
  /** Slugs of the granted groups a user inherits from (always empty for a group). */
  readonly viaGroups: readonly string[];
}

/**
 * Every principal that has access to the project in some way: anyone named by a project or repository grant,
 * the workspace admins, and the members of groups that hold a grant. Sorted groups first, then by name.
 * Linear in the number of grants plus group memberships, whatever the number of repositories.
 */
export const accessSummaries = (snapshot: AccessSnapshot): PrincipalAccessSummary[] => {
  const index = indexSnapshot(snapshot);
  const principals = new Map<string, Principal>(index.grantees);
  for (const admin of snapshot.workspaceAdmins) principals.set(principalKey({ type: "user", uuid: admin.uuid }), { type: "user", uuid: admin.uuid });
  for (const [uuid, slugs] of index.groupSlugsByUser) {
    if (slugs.some((slug) => isGrantee(index, slug))) principals.set(principalKey({ type: "user", uuid }), { type: "user", uuid });
  }
  const ownHighest = new Map<string, Level>();
  const highestOwn = (key: string): Level => {
    let level = ownHighest.get(key);
    if (level === undefined) ownHighest.set(key, (level = higherLevel(index.projectGrants.get(key) ?? "none", maxLevel(index.repositoryGrantsByPrincipal.get(key)?.values() ?? []))));
    return level;
  };

  return [...principals.entries()]
    .map(([key, principal]) => summarise(index, key, namedPrincipal(index, principal), highestOwn))
    .sort(bySummaryOrder);
};

const isGrantee = (index: SnapshotIndex, slug: string): boolean => index.grantees.has(principalKey({ type: "group", slug }));

const summarise = (index: SnapshotIndex, key: string, principal: Principal, highestOwn: (key: string) => Level): PrincipalAccessSummary => {
  const repositoryGrants = { read: 0, write: 0, admin: 0 };
  for (const level of index.repositoryGrantsByPrincipal.get(key)?.values() ?? []) repositoryGrants[level] += 1;
  const workspaceAdmin = principal.type === "user" && index.workspaceAdminsByUuid.has(principal.uuid);
  const viaGroups = principal.type === "user" ? (index.groupSlugsByUser.get(principal.uuid) ?? []).filter((slug) => isGrantee(index, slug)) : [];
  let highestLevel: Level = workspaceAdmin ? "admin" : highestOwn(key);
  for (const slug of viaGroups) highestLevel = higherLevel(highestLevel, highestOwn(principalKey({ type: "group", slug })));
  return { principal, projectLevel: index.projectGrants.get(key) ?? "none", repositoryGrants, highestLevel, workspaceAdmin, viaGroups };
};

const bySummaryOrder = (a: PrincipalAccessSummary, b: PrincipalAccessSummary): number => {
  if (a.principal.type !== b.principal.type) return a.principal.type === "group" ? -1 : 1;
  const nameA = a.principal.name ?? principalKey(a.principal);
  const nameB = b.principal.name ?? principalKey(b.principal);
  return nameA.localeCompare(nameB);
};
