import { createQueryStringHash, encodeSymmetric, fromMethodAndUrl } from "atlassian-jwt";

/**
 * `Authorization` header values for each auth kind, for tests that call the simulator directly.
 * The JWT follows bitbucket-platform.md §2.7: `iss` = app key, `sub` = clientKey, qsh over `/2.0/...`.
 */
export interface JwtSigner {
  appKey: string;
  clientKey: string;
  sharedSecret: string;
}

/**
 * Signs one request as the installation. `pathAndQuery` is the request target exactly as it will be sent
 * (e.g. `/2.0/repositories/acme?q=project.key%3D%22P%22`); `nowSec` lets a fake-clock test stay in range.
 */
export function connectJwtHeader(
  signer: JwtSigner, method: string, pathAndQuery: string, options: { nowSec?: number; ttlSec?: number; qsh?: string } = {},
): string {
  const iat = options.nowSec ?? Math.floor(Date.now() / 1000);
  const qsh = options.qsh ?? createQueryStringHash(fromMethodAndUrl(method, pathAndQuery));
  return `JWT ${encodeSymmetric({ iss: signer.appKey, sub: signer.clientKey, iat, exp: iat + (options.ttlSec ?? 180), qsh }, signer.sharedSecret)}`;
}

/** `Basic base64(email:token)`, the API-token form (§1.3). */
export const basicHeader = (email: string, token: string): string =>
  `Basic ${Buffer.from(`${email}:${token}`).toString("base64")}`;

/** `Bearer <token>` for OAuth and access tokens. */
export const bearerHeader = (token: string): string => `Bearer ${token}`;
