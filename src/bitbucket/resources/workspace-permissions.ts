import type { BitbucketApi } from "../client";
import { collect, paginate } from "../paginate";
import { path } from "../path";
import type { RepositoryPermission, WorkspaceMembership } from "../types";

/**
 * Workspace members with their role (`owner | collaborator | member`). `q: 'permission="owner"'` lists the owners, whom a
 * user grant PUT refuses.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-workspaces/#api-workspaces-workspace-permissions-get
 * @throws {Unauthorized}
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listWorkspaceMemberships(
  api: BitbucketApi,
  workspace: string,
  options: { q?: string; maxPages?: number } = {},
): Promise<WorkspaceMembership[]> {
  const { q, maxPages } = options;
  return collect(
    paginate<WorkspaceMembership>(api, path`/2.0/workspaces/${workspace}/permissions`, {
      query: { q },
      ...(maxPages === undefined ? {} : { maxPages }),
    }),
  );
}

/**
 * EFFECTIVE repository access per user (the highest level from any source, direct or through a group), for the whole
 * workspace or, with `repoSlug`, one repository. User rows only. Filters: `q` (e.g. `permission>"read"`), `sort`.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-workspaces/#api-workspaces-workspace-permissions-repositories-get
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-workspaces/#api-workspaces-workspace-permissions-repositories-repo-slug-get
 * @throws {Forbidden} when the credential is not a workspace admin.
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listEffectiveRepositoryPermissions(
  api: BitbucketApi,
  workspace: string,
  options: { repoSlug?: string; q?: string; sort?: string; maxPages?: number } = {},
): Promise<RepositoryPermission[]> {
  const { repoSlug, q, sort, maxPages } = options;
  const target =
    repoSlug === undefined
      ? path`/2.0/workspaces/${workspace}/permissions/repositories`
      : path`/2.0/workspaces/${workspace}/permissions/repositories/${repoSlug}`;
  return collect(paginate<RepositoryPermission>(api, target, { query: { q, sort }, ...(maxPages === undefined ? {} : { maxPages }) }));
}
