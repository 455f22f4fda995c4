import type { AccessSource } from "./effective-access";
import { principalLabel, type Principal } from "./principal";
import type { RepositoryRef } from "./snapshot";

/** The words warnings use, kept in one place so every message names things the same way. */

export const who = (principal: Principal): string => (principal.type === "group" ? `group ${principalLabel(principal)}` : principalLabel(principal));

export const repositoriesWord = (count: number): string => (count === 1 ? "1 repository" : `${count} repositories`);

/** "api, web, mobile and 12 more": enough to recognise the set; the full list travels in `repositories`. */
export const slugList = (repositories: readonly RepositoryRef[], shown = 5): string => {
  const slugs = repositories.slice(0, shown).map((repository) => repository.slug);
  const more = repositories.length - slugs.length;
  return more > 0 ? `${slugs.join(", ")} and ${more} more` : slugs.join(", ");
};

/** Why a source gives access, relative to the principal the plan is about. */
export const sourceLabel = (source: AccessSource): string => {
  switch (source.kind) {
    case "workspace-admin":
      return "the workspace admin role";
    case "project-grant":
      return source.group ? `group ${source.group.name} (${source.grantLevel} on the project)` : `its project grant (${source.grantLevel})`;
    case "repository-grant":
      return source.group ? `group ${source.group.name} (${source.level} on the repository)` : `its own repository grant (${source.level})`;
  }
};
