import type { SimProject, SimRepository, SimWorkspace } from "./model";

/**
 * Effective access, the simulator's own oracle (deliberately not importing src/access, which it tests):
 * the highest of workspace owner (→ admin), project user/group grants and repository user/group grants.
 * A project's `create-repo` counts as `write` on its repositories.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/configure-project-permissions-for-users-and-groups/
 */
export const LEVEL_ORDER = ["none", "read", "write", "create-repo", "admin"] as const;
export type AnyLevel = (typeof LEVEL_ORDER)[number];
export type RepoLevel = Exclude<AnyLevel, "create-repo">;

export const rankOf = (level: AnyLevel): number => LEVEL_ORDER.indexOf(level);
const higher = <L extends AnyLevel>(a: L, b: L): L => (rankOf(a) >= rankOf(b) ? a : b);
const onRepo = (level: AnyLevel): RepoLevel => (level === "create-repo" ? "write" : level);

/** Slugs of the groups `userUuid` belongs to in `ws`. */
export function groupsOf(ws: SimWorkspace, userUuid: string): Set<string> {
  const slugs = new Set<string>();
  for (const group of ws.groups.values()) if (group.members.has(userUuid)) slugs.add(group.slug);
  return slugs;
}

/** One user's access in one workspace, with project levels memoised so scanning 10k repos stays linear. */
export class UserAccess {
  readonly isOwner: boolean;
  readonly isMember: boolean;
  private readonly groups: Set<string>;
  private readonly projectLevels = new Map<string, AnyLevel>();

  constructor(private readonly ws: SimWorkspace, readonly userUuid: string, private readonly nowMs: number) {
    const role = ws.members.get(userUuid);
    this.isMember = role !== undefined;
    this.isOwner = role === "owner";
    this.groups = groupsOf(ws, userUuid);
  }

  /** Highest of owner and the project's user and group grants. */
  projectLevel(project: SimProject): AnyLevel {
    const memo = this.projectLevels.get(project.uuid);
    if (memo !== undefined) return memo;
    let level: AnyLevel = this.isOwner ? "admin" : (project.grants.users.get(this.userUuid, this.nowMs) ?? "none");
    for (const slug of this.groups) level = higher(level, project.grants.groups.get(slug, this.nowMs) ?? "none");
    this.projectLevels.set(project.uuid, level);
    return level;
  }

  /** Repository user and group grants only: what `role=` matches unless inherited access is switched on. */
  explicitRepoLevel(repo: SimRepository): RepoLevel {
    let level: RepoLevel = repo.grants.users.get(this.userUuid, this.nowMs) ?? "none";
    for (const slug of this.groups) level = higher(level, repo.grants.groups.get(slug, this.nowMs) ?? "none");
    return level;
  }

  /** The effective level on a repository. */
  repoLevel(repo: SimRepository): RepoLevel {
    const project = this.ws.projects.get(repo.projectUuid);
    const inherited = project ? onRepo(this.projectLevel(project)) : this.isOwner ? "admin" : "none";
    return higher(inherited, this.explicitRepoLevel(repo));
  }
}

/** Every user's level on a project (owners, user grants, members of granted groups); users at `none` are absent. */
export function projectLevelsByUser(ws: SimWorkspace, project: SimProject, nowMs: number): Map<string, AnyLevel> {
  const levels = new Map<string, AnyLevel>();
  const raise = (user: string, level: AnyLevel): void => {
    levels.set(user, higher(levels.get(user) ?? "none", level));
  };
  for (const [user, role] of ws.members) if (role === "owner") raise(user, "admin");
  for (const [user, level] of project.grants.users.entries(nowMs)) raise(user, level);
  for (const [slug, level] of project.grants.groups.entries(nowMs)) {
    for (const user of ws.groups.get(slug)?.members ?? []) raise(user, level);
  }
  return levels;
}

/**
 * Every user's effective level on a repository, given its project's levels from `projectLevelsByUser`.
 * This is the whole of `/workspaces/{ws}/permissions/repositories` for one repository.
 */
export function repoLevelsByUser(
  ws: SimWorkspace, repo: SimRepository, projectLevels: Map<string, AnyLevel>, nowMs: number,
): Map<string, RepoLevel> {
  const levels = new Map<string, RepoLevel>();
  const raise = (user: string, level: AnyLevel): void => {
    levels.set(user, higher(levels.get(user) ?? "none", onRepo(level)));
  };
  for (const [user, level] of projectLevels) raise(user, level);
  for (const [user, level] of repo.grants.users.entries(nowMs)) raise(user, level);
  for (const [slug, level] of repo.grants.groups.entries(nowMs)) {
    for (const user of ws.groups.get(slug)?.members ?? []) raise(user, level);
  }
  return levels;
}

/** Users holding any access in the workspace; the seat count behind the `seatLimit` switch (402). */
export function seatHolders(ws: SimWorkspace, nowMs: number): Set<string> {
  const seats = new Set<string>();
  const addGroup = (slug: string): void => {
    for (const user of ws.groups.get(slug)?.members ?? []) seats.add(user);
  };
  for (const [user, role] of ws.members) if (role === "owner") seats.add(user);
  const grantSets = [...[...ws.projects.values()].map((p) => p.grants), ...[...ws.repositories.values()].map((r) => r.grants)];
  for (const grants of grantSets) {
    for (const [user] of grants.users.entries(nowMs)) seats.add(user);
    for (const [slug] of grants.groups.entries(nowMs)) addGroup(slug);
  }
  return seats;
}
