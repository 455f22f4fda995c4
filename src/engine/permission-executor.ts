import type { ItemExecutor } from "../jobs";
import type { BitbucketGateway } from "./bitbucket-gateway";
import type { CredentialService } from "./credential-service";
import { CredentialMissing } from "./errors";
import { performItem } from "./perform-item";
import type { SnapshotBatcher } from "./snapshot-batcher";

/**
 * Performs an item (perform-item.ts) as the workspace's write credential (Bitbucket refuses the app's JWT, bitbucket-platform.md §1.3).
 * Calls go through the database-backed budget and never sleep on a 429 (`retryRateLimited: false`): the client's typed
 * error reaches the worker, whose policy reschedules (429, 5xx, budget), fails (400, 404…) or stops the job (a 403 write).
 * A done item's result goes into the stored snapshot in a batch (snapshot-batcher.ts), so the page shows the change without a
 * new read and a big job does not rewrite the snapshot once per item.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-users-selected-user-id-put
 * @throws {CredentialMissing} when the workspace's credential was removed; the client's typed errors otherwise
 */
export function createPermissionExecutor(deps: {
  gateway: BitbucketGateway; credentials: CredentialService; snapshots: SnapshotBatcher;
}): ItemExecutor {
  const { gateway, credentials, snapshots } = deps;
  return {
    async execute(item, job) {
      const credential = await credentials.credentialOf(job.clientKey);
      if (!credential) throw new CredentialMissing();
      const installation = await gateway.installation(job.clientKey);
      const workspace = installation.workspaceSlug ?? installation.workspaceUuid;
      const api = gateway.asToken(credential, { forJobs: true });
      await performItem(api, workspace, job.projectKey, item);
      // Never throws: the change is made; a stale snapshot is corrected by the next read, a failed item would be a lie.
      await snapshots.add(job.clientKey, job.projectKey, item);
    },
  };
}
