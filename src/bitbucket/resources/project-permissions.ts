/**
 * Explicit project grants (`permissions-config`), for users and for groups; every repository in the project inherits them
 * (highest level wins). The lists show explicit project grants only. Levels include `create-repo`. Writes need an admin's
 * API token; Bitbucket refuses JWT and OAuth writes (`WriteCredentialRejected`).
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-projects/#api-workspaces-workspace-projects-project-key-permissions-config-users-get
 */
import type { BitbucketApi } from "../client";
import { collect, paginate } from "../paginate";
import { path } from "../path";
import type { ProjectGroupPermission, ProjectPermissionLevel, ProjectUserPermission } from "../types";

const usersPath = (workspace: string, projectKey: string) => path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/users`;
const groupsPath = (workspace: string, projectKey: string) => path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/groups`;

/**
 * Explicit user grants on a project.
 * @throws {Forbidden} when the credential is not a project admin; `NotFound` for a missing workspace or project.
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listProjectUserPermissions(api: BitbucketApi, workspace: string, projectKey: string): Promise<ProjectUserPermission[]> {
  return collect(paginate<ProjectUserPermission>(api, usersPath(workspace, projectKey)));
}

/**
 * One user's explicit grant. `userId` is a `{uuid}` or an account_id, never a username.
 * @throws {NotFound} when the user has no explicit grant (assumed; UNCONFIRMED) or the project is missing.
 * @throws {BitbucketError}
 */
export function getProjectUserPermission(api: BitbucketApi, workspace: string, projectKey: string, userId: string): Promise<ProjectUserPermission> {
  return api.get<ProjectUserPermission>(path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/users/${userId}`);
}

/**
 * Sets (creates or updates) a user's explicit project grant; idempotent. `create-repo` is valid here.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-projects/#api-workspaces-workspace-projects-project-key-permissions-config-users-selected-user-id-put
 * @throws {BadRequest} for a non-member or the workspace owner.
 * @throws {SeatLimit} when the plan's user limit is reached.
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {NotFound} for a missing workspace, project or user.
 * @throws {BitbucketError}
 */
export function putProjectUserPermission(
  api: BitbucketApi,
  workspace: string,
  projectKey: string,
  userId: string,
  permission: ProjectPermissionLevel,
): Promise<ProjectUserPermission> {
  return api.put<ProjectUserPermission>(path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/users/${userId}`, { permission });
}

/**
 * Removes a user's explicit project grant (204). Explicit repository grants stay.
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {NotFound} for a missing workspace or project.
 * @throws {BitbucketError}
 */
export function deleteProjectUserPermission(api: BitbucketApi, workspace: string, projectKey: string, userId: string): Promise<void> {
  return api.delete(path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/users/${userId}`);
}

/**
 * Explicit group grants on a project.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-projects/#api-workspaces-workspace-projects-project-key-permissions-config-groups-get
 * @throws {Forbidden} when the credential is not a project admin.
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listProjectGroupPermissions(api: BitbucketApi, workspace: string, projectKey: string): Promise<ProjectGroupPermission[]> {
  return collect(paginate<ProjectGroupPermission>(api, groupsPath(workspace, projectKey)));
}

/**
 * One group's explicit grant, by group slug.
 * @throws {NotFound} when the group has no grant (assumed; UNCONFIRMED) or does not exist.
 * @throws {BitbucketError}
 */
export function getProjectGroupPermission(api: BitbucketApi, workspace: string, projectKey: string, groupSlug: string): Promise<ProjectGroupPermission> {
  return api.get<ProjectGroupPermission>(path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/groups/${groupSlug}`);
}

/**
 * Sets a group's explicit project grant; idempotent. `create-repo` is valid here.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-projects/#api-workspaces-workspace-projects-project-key-permissions-config-groups-group-slug-put
 * @throws {NotFound} when the group (or workspace, project) does not exist.
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {BitbucketError}
 */
export function putProjectGroupPermission(
  api: BitbucketApi,
  workspace: string,
  projectKey: string,
  groupSlug: string,
  permission: ProjectPermissionLevel,
): Promise<ProjectGroupPermission> {
  return api.put<ProjectGroupPermission>(path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/groups/${groupSlug}`, { permission });
}

/**
 * Removes a group's explicit grant (204).
 * @throws {WriteCredentialRejected} when Bitbucket refuses this credential for permission changes.
 * @throws {BitbucketError}
 */
export function deleteProjectGroupPermission(api: BitbucketApi, workspace: string, projectKey: string, groupSlug: string): Promise<void> {
  return api.delete(path`/2.0/workspaces/${workspace}/projects/${projectKey}/permissions-config/groups/${groupSlug}`);
}
