import {
  deleteProjectGroupPermission, deleteProjectUserPermission, deleteRepositoryGroupPermission, deleteRepositoryUserPermission,
  putProjectGroupPermission, putProjectUserPermission, putRepositoryGroupPermission, putRepositoryUserPermission,
  NotFound, type BitbucketApi,
} from "../bitbucket";
import type { WorkItem } from "../jobs";

/**
 * One job item, one call, shared by every host (the app's worker and the CLI): a PUT to `after`, or a DELETE when `after`
 * is `none`, on the project's or a repository's `permissions-config`. Both are idempotent, so an item whose outcome was
 * lost in a crash is simply performed again. A DELETE answered 404 has reached the desired state (Bitbucket may answer 404
 * for a grant that is already gone, bitbucket-platform.md §3.1, UNCONFIRMED).
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-users-selected-user-id-put
 * @throws {BitbucketError} the client's typed errors, for the worker's policy to reschedule, fail or stop the job
 * @throws {Error} for an item that names no repository, or `create-repo` on a repository
 */
export async function performItem(api: BitbucketApi, workspace: string, projectKey: string, item: WorkItem): Promise<void> {
  try {
    await call(api, workspace, projectKey, item);
  } catch (error) {
    if (!(item.after === "none" && error instanceof NotFound)) throw error;
  }
}

async function call(api: BitbucketApi, workspace: string, projectKey: string, item: WorkItem): Promise<void> {
  const { principal, after } = item;
  const isUser = principal.type === "user";
  const id = principal.type === "user" ? principal.uuid : principal.slug;
  if (item.target === "project") {
    if (after === "none") await (isUser ? deleteProjectUserPermission : deleteProjectGroupPermission)(api, workspace, projectKey, id);
    else await (isUser ? putProjectUserPermission : putProjectGroupPermission)(api, workspace, projectKey, id, after);
    return;
  }
  // A repository is named by uuid when it has one: it survives a rename between planning and the call.
  const repository = item.repository?.uuid ?? item.repository?.slug ?? "";
  if (repository === "") throw new Error(`Item ${item.id} targets a repository but names none`);
  if (after === "none") await (isUser ? deleteRepositoryUserPermission : deleteRepositoryGroupPermission)(api, workspace, repository, id);
  else if (after === "create-repo") throw new Error(`Item ${item.id}: create-repo is a project level only`);
  else await (isUser ? putRepositoryUserPermission : putRepositoryGroupPermission)(api, workspace, repository, id, after);
}
