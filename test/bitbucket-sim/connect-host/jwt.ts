import { randomUUID } from "node:crypto";
import { createQueryStringHash, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";

/**
 * JWTs the host sends INTO the app (bitbucket-platform.md §2.4): HS256 with the installation's shared secret,
 * `iss` = `aud` = clientKey, `sub` = the acting user when there is one, a qsh over the request, ~3 minutes of life.
 */
export const HOST_JWT_LIFETIME_SEC = 180;

export interface HostJwtRequest {
  method: string;
  /** The path relative to the app's baseUrl (the app strips its base path before it checks the qsh, §2.5). */
  path: string;
  /** Query parameters without `jwt`. */
  query?: Record<string, string>;
}

export interface HostJwtClaims {
  clientKey: string;
  sharedSecret: string;
  /** The user the call acts for: a page's viewer. Lifecycle calls and webhooks carry none. */
  sub?: string;
  nowMs: number;
}

/** The qsh of a call into the app, computed by atlassian-jwt so it canonicalises exactly as ACE's check does. */
export function hostQsh(request: HostJwtRequest): string {
  return createQueryStringHash({ method: request.method.toUpperCase(), pathname: request.path, query: request.query ?? {} });
}

/** Signs one call into the app. */
export function signHostJwt(request: HostJwtRequest, claims: HostJwtClaims): string {
  const iat = Math.floor(claims.nowMs / 1000);
  return encodeSymmetric(
    {
      iss: claims.clientKey, aud: claims.clientKey, ...(claims.sub === undefined ? {} : { sub: claims.sub }),
      // jti: two tokens signed in the same second still differ (the host page signs a new one on every load).
      iat, exp: iat + HOST_JWT_LIFETIME_SEC, qsh: hostQsh(request), jti: randomUUID(),
    },
    claims.sharedSecret,
    SymmetricAlgorithm.HS256,
  );
}

/** The pathname and query of an absolute URL, split the way {@link signHostJwt} takes them, relative to `baseUrl`. */
export function relativeRequest(method: string, absoluteUrl: string, baseUrl: string): HostJwtRequest {
  const url = new URL(absoluteUrl);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const path = basePath !== "" && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (key !== "jwt") query[key] = value;
  return { method, path, query };
}
