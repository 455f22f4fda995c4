import { createQueryStringHash, decodeSymmetric, fromMethodAndUrl, getAlgorithm, SymmetricAlgorithm } from "atlassian-jwt";
import type { SimState } from "../state/store";
import type { AuthKind, Caller } from "./caller";

export type AuthResult = { ok: true; caller: Caller } | { ok: false; kind: AuthKind; reason: string };

interface JwtClaims {
  iss?: unknown;
  sub?: unknown;
  exp?: unknown;
  qsh?: unknown;
}

/**
 * Verifies the `Authorization` header of a `/2.0` or `/1.0` call (§4.1). Any failure is a 401 to the
 * caller; `reason` is for the request log and tests, not the response body.
 * @param rawUrl the request target exactly as received (path + query), which is what the qsh covers (§2.5).
 */
export function authenticate(header: string | undefined, method: string, rawUrl: string, state: SimState): AuthResult {
  if (header === undefined || header.trim() === "") return { ok: false, kind: "none", reason: "no Authorization header" };
  const [scheme = "", ...rest] = header.trim().split(/\s+/);
  const credential = rest.join(" ");
  switch (scheme.toLowerCase()) {
    case "jwt":
      return verifyJwt(credential, method, rawUrl, state);
    case "basic":
      return verifyBasic(credential, state);
    case "bearer":
      return verifyBearer(credential, state);
    default:
      return { ok: false, kind: "invalid", reason: `unknown scheme ${scheme}` };
  }
}

function verifyJwt(token: string, method: string, rawUrl: string, state: SimState): AuthResult {
  const fail = (reason: string): AuthResult => ({ ok: false, kind: "invalid", reason: `JWT: ${reason}` });
  let claims: JwtClaims;
  try {
    if (getAlgorithm(token) !== "HS256") return fail("algorithm is not HS256");
    claims = decodeSymmetric(token, "", SymmetricAlgorithm.HS256, true) as JwtClaims;
  } catch {
    return fail("malformed token");
  }
  const installation = typeof claims.sub === "string" ? state.installations.get(claims.sub) : undefined;
  if (!installation) return fail("sub is not a known clientKey");
  if (claims.iss !== installation.appKey) return fail("iss is not the installation's app key");
  try {
    decodeSymmetric(token, installation.sharedSecret, SymmetricAlgorithm.HS256);
  } catch {
    return fail("bad signature");
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= state.now()) return fail("expired or no exp");
  if (claims.qsh !== createQueryStringHash(fromMethodAndUrl(method, rawUrl))) return fail("qsh mismatch");
  const { clientKey, workspaceUuid } = installation;
  return { ok: true, caller: { kind: "connect-jwt", clientKey, workspaceUuid, bucket: `jwt:${clientKey}`, identity: clientKey } };
}

function verifyBasic(credential: string, state: SimState): AuthResult {
  const decoded = Buffer.from(credential, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { ok: false, kind: "invalid", reason: "Basic credential without a colon" };
  const username = decoded.slice(0, colon);
  const token = state.apiTokens.get(apiTokenKey(username, decoded.slice(colon + 1)));
  if (token) {
    const caller: Caller = { kind: "api-token", userUuid: token.userUuid, bucket: `user:${token.userUuid}`, identity: token.userUuid };
    if (token.scopes) caller.scopes = token.scopes;
    return { ok: true, caller };
  }
  // A username without "@" is the app-password form, removed on 2026-07-28 (§1.3).
  return username.includes("@")
    ? { ok: false, kind: "invalid", reason: "unknown API token" }
    : { ok: false, kind: "app-password", reason: "app passwords were removed on 2026-07-28" };
}

function verifyBearer(token: string, state: SimState): AuthResult {
  const bearer = state.bearerTokens.get(token);
  if (!bearer) return { ok: false, kind: "invalid", reason: "unknown bearer token" };
  const base = { workspaceUuid: bearer.workspaceUuid, identity: bearer.id };
  if (bearer.kind === "oauth-bearer") {
    const caller: Caller = { kind: "oauth-bearer", ...base, bucket: `oauth:${bearer.id}` };
    if (bearer.userUuid !== undefined) caller.userUuid = bearer.userUuid;
    return { ok: true, caller };
  }
  const caller: Caller = { kind: "access-token", ...base, bucket: `token:${bearer.id}` };
  if (bearer.projectKey !== undefined) caller.projectKey = bearer.projectKey;
  if (bearer.repositoryUuid !== undefined) caller.repositoryUuid = bearer.repositoryUuid;
  return { ok: true, caller };
}

/** The key registered API tokens are stored under; emails compare case-insensitively. */
export const apiTokenKey = (email: string, token: string): string => `${email.toLowerCase()}\n${token}`;
