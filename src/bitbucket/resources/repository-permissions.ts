/**
 * Explicit repository grants (`permissions-config`), for users and for groups. The lists show explicit grants only, never
 * what a project, group or workspace role adds. Writes need an admin's API token; a JWT write is refused with
 * `WriteCredentialRejected`.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-users-get
 */
import type { BitbucketApi } from "../client";
import { collect, paginate } from "../paginate";
import { path } from "../path";
import type { RepositoryGroupPermission, RepositoryPermissionLevel, RepositoryUserPermission } from "../types";

const usersPath = (workspace: string, repoSlug: string) => path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users`;
const groupsPath = (workspace: string, repoSlug: string) => path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups`;

/**
 * Explicit user grants on a repository.
 * @throws {Forbidden} when the credential is not a repository admin; `NotFound` for a missing workspace or repository.
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listRepositoryUserPermissions(api: BitbucketApi, workspace: string, repoSlug: string): Promise<RepositoryUserPermission[]> {
  return collect(paginate<RepositoryUserPermission>(api, usersPath(workspace, repoSlug)));
}

/**
 * One user's explicit grant. `userId` is a `{uuid}` or an account_id, never a username.
 * @throws {NotFound} when the user has no explicit grant (assumed; UNCONFIRMED) or the repository is missing.
 * @throws {BitbucketError}
 */
export function getRepositoryUserPermission(api: BitbucketApi, workspace: string, repoSlug: string, userId: string): Promise<RepositoryUserPermission> {
  return api.get<RepositoryUserPermission>(path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userId}`);
}

/**
 * Sets (creates or updates) a user's explicit grant; idempotent.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-users-selected-user-id-put
 * @throws {BadRequest} for a non-member or the workspace owner.
 * @throws {SeatLimit} when the plan's user limit is reached.
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {NotFound} for a missing workspace, repository or user.
 * @throws {BitbucketError}
 */
export function putRepositoryUserPermission(
  api: BitbucketApi,
  workspace: string,
  repoSlug: string,
  userId: string,
  permission: RepositoryPermissionLevel,
): Promise<RepositoryUserPermission> {
  return api.put<RepositoryUserPermission>(path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userId}`, { permission });
}

/**
 * Removes a user's explicit grant (204); inherited access stays.
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {NotFound} for a missing workspace or repository.
 * @throws {BitbucketError}
 */
export function deleteRepositoryUserPermission(api: BitbucketApi, workspace: string, repoSlug: string, userId: string): Promise<void> {
  return api.delete(path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/users/${userId}`);
}

/**
 * Explicit group grants on a repository.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-groups-get
 * @throws {Forbidden} when the credential is not a repository admin.
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listRepositoryGroupPermissions(api: BitbucketApi, workspace: string, repoSlug: string): Promise<RepositoryGroupPermission[]> {
  return collect(paginate<RepositoryGroupPermission>(api, groupsPath(workspace, repoSlug)));
}

/**
 * One group's explicit grant, by group slug.
 * @throws {NotFound} when the group has no grant (assumed; UNCONFIRMED) or does not exist.
 * @throws {BitbucketError}
 */
export function getRepositoryGroupPermission(api: BitbucketApi, workspace: string, repoSlug: string, groupSlug: string): Promise<RepositoryGroupPermission> {
  return api.get<RepositoryGroupPermission>(path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups/${groupSlug}`);
}

/**
 * Sets a group's explicit grant; idempotent.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-groups-group-slug-put
 * @throws {NotFound} when the group (or workspace, repository) does not exist.
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {BitbucketError}
 */
export function putRepositoryGroupPermission(
  api: BitbucketApi,
  workspace: string,
  repoSlug: string,
  groupSlug: string,
  permission: RepositoryPermissionLevel,
): Promise<RepositoryGroupPermission> {
  return api.put<RepositoryGroupPermission>(path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups/${groupSlug}`, { permission });
}

/**
 * Removes a group's explicit grant (204).
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {BitbucketError}
 */
export function deleteRepositoryGroupPermission(api: BitbucketApi, workspace: string, repoSlug: string, groupSlug: string): Promise<void> {
  return api.delete(path`/2.0/repositories/${workspace}/${repoSlug}/permissions-config/groups/${groupSlug}`);
}
