import type { BitbucketApi } from "../client";
import { NotFound } from "../errors";
import { collect, paginate } from "../paginate";
import { path } from "../path";
import type { WorkspaceMembership } from "../types";

/**
 * Workspace members. Admins may filter by email (`q: 'user.email IN ("a@x.com")'`, at most 90 addresses) and must then add
 * `fields: "+values.user.email"`.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-workspaces/#api-workspaces-workspace-members-get
 * @throws {Unauthorized}
 * @throws {BitbucketError} for any other failure; never a partial list.
 */
export function listMembers(
  api: BitbucketApi,
  workspace: string,
  options: { q?: string; fields?: string; maxPages?: number } = {},
): Promise<WorkspaceMembership[]> {
  const { q, fields, maxPages } = options;
  return collect(
    paginate<WorkspaceMembership>(api, path`/2.0/workspaces/${workspace}/members`, {
      query: { q, fields },
      ...(maxPages === undefined ? {} : { maxPages }),
    }),
  );
}

/**
 * Answers "is this user a member of the workspace?": the membership, or `undefined` when Bitbucket answers 404 (its 404
 * means "not a member", or a missing user or workspace). This is the ONE read that turns a status into a value, because
 * here 404 is the answer, not a failure; every other status still throws. The cheapest check before a user grant PUT.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-workspaces/#api-workspaces-workspace-members-member-get
 * @throws {Unauthorized}
 * @throws {BitbucketError} for anything but 404.
 */
export async function getMember(api: BitbucketApi, workspace: string, userId: string): Promise<WorkspaceMembership | undefined> {
  try {
    return await api.get<WorkspaceMembership>(path`/2.0/workspaces/${workspace}/members/${userId}`);
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
}
