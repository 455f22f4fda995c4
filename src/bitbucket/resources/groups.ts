import type { BitbucketApi } from "../client";
import { UnexpectedResponse, excerpt } from "../errors";
import { path } from "../path";
import type { GroupV1 } from "../types";

/**
 * The workspace's groups from the 1.0 API (2.0 has no group list): a bare, unpaginated array. Call it with the workspace
 * SLUG; a UUID is reported not to work. The endpoint's availability is disputed, so callers must show a failure as a failure
 * (and let the admin type a slug), never as "no groups".
 * @see https://support.atlassian.com/bitbucket-cloud/docs/groups-endpoint/
 * @throws {NotFound} or `Gone` when the endpoint or workspace is unavailable.
 * @throws {UnexpectedResponse} when the body is not an array.
 * @throws {BitbucketError} for any other failure.
 */
export async function listGroupsV1(api: BitbucketApi, workspaceSlug: string): Promise<GroupV1[]> {
  const body = await api.get<unknown>(path`/1.0/groups/${workspaceSlug}`);
  if (!Array.isArray(body)) {
    throw new UnexpectedResponse({
      message: `GET /1.0/groups/${workspaceSlug} did not answer with an array`,
      bodyExcerpt: excerpt(JSON.stringify(body)),
    });
  }
  return body as GroupV1[];
}
