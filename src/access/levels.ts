/**
 * Access levels, lowest first. `none` means "no grant"; `create-repo` exists on projects only.
 * Bitbucket's effective access is the highest level from any source, so comparisons are by rank.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/configure-project-permissions-for-users-and-groups/
 */
export const LEVELS = ["none", "read", "write", "create-repo", "admin"] as const;
export type Level = (typeof LEVELS)[number];
/** Levels a grant can be set to (what a PUT sends). */
export type GrantLevel = Exclude<Level, "none">;
export type RepositoryGrantLevel = Exclude<GrantLevel, "create-repo">;

export const isLevel = (value: unknown): value is Level => typeof value === "string" && (LEVELS as readonly string[]).includes(value);

export const levelRank = (level: Level): number => LEVELS.indexOf(level);

export const higherLevel = (a: Level, b: Level): Level => (levelRank(a) >= levelRank(b) ? a : b);

export const maxLevel = (levels: Iterable<Level>): Level => {
  let best: Level = "none";
  for (const level of levels) best = higherLevel(best, level);
  return best;
};

/**
 * What a level means on a repository: a project's `create-repo` lets its holder write to every repository
 * (and create new ones), so on a repository it counts as `write`.
 */
export const asRepositoryLevel = (level: Level): Exclude<Level, "create-repo"> => (level === "create-repo" ? "write" : level);
