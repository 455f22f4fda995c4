import { createQueryStringHash, encodeSymmetric, fromMethodAndUrl } from "atlassian-jwt";
import type { BitbucketCredential } from "./credentials";
import type { Handler, HttpMethod } from "./pipeline";
import type { Clock } from "./timing";

/** ACE signs for 3 minutes; we sign every attempt, so a retry never carries a stale token. */
export const JWT_LIFETIME_SEC = 180;

/**
 * The `Authorization` header value for one request. A Connect JWT is signed per request, with a qsh computed from the same
 * parsed URL that goes on the wire (path under the API host, so `/2.0/...`), claims `iss` = app key and `sub` = clientKey.
 * The token goes in the header only: Bitbucket rejects it in the query string.
 * @see https://developer.atlassian.com/cloud/bitbucket/authentication-for-apps/
 * @see https://developer.atlassian.com/cloud/bitbucket/query-string-hash/
 * @see https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens/
 */
export function authorizationHeader(
  credential: BitbucketCredential,
  method: HttpMethod,
  url: URL,
  basePath: string,
  nowMs: number,
): string {
  if (credential.kind === "api-token") {
    return `Basic ${Buffer.from(`${credential.email}:${credential.apiToken}`, "utf8").toString("base64")}`;
  }
  const qsh = createQueryStringHash(fromMethodAndUrl(method, url.href), false, basePath === "" ? undefined : basePath);
  const iat = Math.floor(nowMs / 1000);
  const claims = { iss: credential.appKey, sub: credential.clientKey, iat, exp: iat + JWT_LIFETIME_SEC, qsh };
  return `JWT ${encodeSymmetric(claims, credential.sharedSecret)}`;
}

/** The auth layer: signs each attempt just before it goes out. */
export function withAuth(next: Handler, clock: Clock): Handler {
  return (request) =>
    next({
      ...request,
      authorization: authorizationHeader(request.credential, request.method, request.url, request.basePath, clock()),
    });
}
