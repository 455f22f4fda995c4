/**
 * The identities the client can call Bitbucket as. Every call names its credential; nothing is ambient.
 * - `connect-jwt`: the app installation, for reads. Bitbucket refuses it for permission writes (bitbucket-platform.md §1.3).
 * - `api-token`: a workspace admin's Atlassian API token, sent as HTTP Basic; the only identity allowed to write permissions.
 * @see https://developer.atlassian.com/cloud/bitbucket/authentication-for-apps/
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-tokens/
 */
export type BitbucketCredential =
  | { kind: "connect-jwt"; appKey: string; clientKey: string; sharedSecret: string }
  | { kind: "api-token"; email: string; apiToken: string };

/**
 * The bucket Bitbucket counts a credential's calls in (its rate limit is per user for API tokens; per installation is
 * our assumption for Connect JWT, UNCONFIRMED). Budgets and throttles are keyed by it.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/
 */
export function budgetKey(credential: BitbucketCredential): string {
  return credential.kind === "connect-jwt" ? `jwt:${credential.clientKey}` : `user:${credential.email.trim().toLowerCase()}`;
}

/** A one-line description of a credential that is safe for logs: it names the identity and never carries the secret. */
export function describeCredential(credential: BitbucketCredential): string {
  return credential.kind === "connect-jwt"
    ? `Connect installation ${credential.clientKey} (app ${credential.appKey})`
    : `API token of ${credential.email}`;
}
