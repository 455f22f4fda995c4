import type {
  GroupV1,
  ProjectGroupPermission,
  ProjectUserPermission,
  Repository,
  RepositoryGroupPermission,
  RepositoryUserPermission,
  WorkspaceMembership,
} from "../bitbucket/types";
import { UnexpectedResponse } from "../bitbucket/errors";
import { isLevel } from "./levels";
import type { Principal } from "./principal";
import type { ProjectGrant, RepositoryGrant, SnapshotGroup, SnapshotRepository, SnapshotUser } from "./snapshot";

/**
 * Bitbucket's response shapes → snapshot entries. The shapes are trusted by the client, not validated, so values the
 * model cannot hold (an unknown level, `create-repo` on a repository, a repository without a slug) throw instead of
 * being dropped: a snapshot never silently lacks a grant.
 */

const unexpected = (message: string): UnexpectedResponse => new UnexpectedResponse({ message });

export const toRepository = (repository: Repository): SnapshotRepository => {
  if (repository.slug === undefined || repository.slug === "") throw unexpected(`Repository ${repository.uuid} came without a slug`);
  return { uuid: repository.uuid, slug: repository.slug, name: repository.name ?? repository.slug };
};

export const toUser = (user: WorkspaceMembership["user"]): SnapshotUser => ({
  uuid: user.uuid,
  name: user.display_name ?? user.nickname ?? user.uuid,
  ...(user.account_id === undefined ? {} : { accountId: user.account_id }),
});

const principalOf = (permission: ProjectUserPermission | ProjectGroupPermission | RepositoryUserPermission | RepositoryGroupPermission): Principal =>
  "user" in permission
    ? { type: "user", uuid: permission.user.uuid, name: permission.user.display_name ?? permission.user.uuid }
    : { type: "group", slug: permission.group.slug, name: permission.group.name ?? permission.group.slug };

/** `none` means no grant, so it yields nothing. */
export const toProjectGrant = (permission: ProjectUserPermission | ProjectGroupPermission): ProjectGrant[] => {
  const level = permission.permission;
  if (level === "none") return [];
  if (!isLevel(level)) throw unexpected(`Project grant with unknown level ${JSON.stringify(level)}`);
  return [{ principal: principalOf(permission), level }];
};

export const toRepositoryGrant = (repositoryUuid: string, permission: RepositoryUserPermission | RepositoryGroupPermission): RepositoryGrant[] => {
  const level: string = permission.permission;
  if (level === "none") return [];
  if (level !== "read" && level !== "write" && level !== "admin") throw unexpected(`Repository grant with level ${JSON.stringify(level)} on ${repositoryUuid}`);
  return [{ repositoryUuid, principal: principalOf(permission), level }];
};

/**
 * `members` is typed as always present, but the 1.0 endpoint is undocumented in the spec; without it nobody's group
 * access could be known, so it throws (and the reader records the groups as unavailable) rather than assume "no members".
 */
export const toGroup = (group: GroupV1): SnapshotGroup => {
  const members: unknown = group.members;
  if (!Array.isArray(members)) throw unexpected(`Group ${group.slug} came without its members`);
  return { slug: group.slug, name: group.name, memberUuids: (members as GroupV1["members"]).map((member) => member.uuid) };
};
