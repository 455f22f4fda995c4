import type { BitbucketApi } from "../client";
import { path } from "../path";
import type { User } from "../types";

/**
 * The identity behind the credential. Call it when an admin saves an API token, to check it works before storing it.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-user-get
 * @throws {Unauthorized} when the credential is not accepted.
 * @throws {BitbucketError}
 */
export function getCurrentUser(api: BitbucketApi): Promise<User> {
  return api.get<User>(path`/2.0/user`);
}

/**
 * A user by `{uuid}` or account_id (never a username).
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-users-selected-user-get
 * @throws {NotFound} for an unknown user or a team account.
 * @throws {BitbucketError}
 */
export function getUser(api: BitbucketApi, userId: string): Promise<User> {
  return api.get<User>(path`/2.0/users/${userId}`);
}
