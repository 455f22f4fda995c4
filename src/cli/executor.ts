import type { BitbucketApi } from "../bitbucket";
import { performItem } from "../engine/perform-item";
import type { ItemExecutor } from "../jobs";

/**
 * The CLI's job executor: the engine's performItem as the admin's token. Typed client errors reach the worker, whose policy reschedules (429, 5xx, budget), fails (400, 404) or stops
 * the job (a 403 on a write). Unlike the app's, it needs no installation, sealed credential or stored snapshot.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-users-selected-user-id-put
 * @throws {BitbucketError} the client's typed errors; {Error} for an item of another workspace
 */
export function createCliExecutor(api: BitbucketApi, workspace: string, tenant: string): ItemExecutor {
  return {
    async execute(item, job) {
      // The worker only claims this tenant's items (concurrency 0 for others); this is the belt to those braces.
      if (job.clientKey !== tenant) throw new Error(`Item ${item.id} belongs to ${job.clientKey}, not ${tenant}`);
      await performItem(api, workspace, job.projectKey, item);
    },
  };
}
