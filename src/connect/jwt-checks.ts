/**
 * The checks on a Connect JWT that ACE leaves out or that we make before ACE sees the token: where it may come from, its
 * algorithm, expiry and validity window, and whose session token it is. Kept apart from ace.ts, which wraps ACE itself.
 */
import type { Request } from "express";
import { decodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { ApiError } from "../http/api-error";

/** Where a JWT may come from: a page or lifecycle/webhook call (`?jwt=` or the header, qsh checked) or an /api call. */
export type TokenKind = "qsh" | "session";

/** The token ACE will read, in ACE's order (lib/internal/utils.js extractJwtFromRequest). */
export function tokenOf(req: Request, kind: TokenKind): string {
  const query = req.query.jwt;
  const body: unknown = req.body;
  const bodyToken = typeof body === "object" && body !== null && "jwt" in body ? body.jwt : undefined;
  const header = req.headers.authorization;
  const headerToken = header?.startsWith("JWT ") ? header.slice(4) : undefined;
  if (kind === "session") {
    if (query !== undefined || bodyToken !== undefined) {
      throw new ApiError(401, "UNAUTHENTICATED", "Send the session token in the Authorization header only");
    }
    if (headerToken) return headerToken;
  } else {
    const token = (typeof query === "string" ? query : undefined) ?? (typeof bodyToken === "string" ? bodyToken : undefined) ?? headerToken;
    if (token) return token;
  }
  throw new ApiError(401, "UNAUTHENTICATED", "This request carries no JWT; open the page from Bitbucket again");
}

/** The claims we read; the signature is checked before any of them is trusted. */
export interface TokenClaims {
  readonly exp: number;
  readonly sub?: unknown;
  readonly aud?: unknown;
  readonly context?: unknown;
}

/** Clock skew tolerated on `nbf` and `iat` (seconds). */
const SKEW_SEC = 60;

/**
 * Checks ACE leaves to chance: the algorithm must be HS256 (no `none`, no RS256 key fetch), `exp` must be present, the token
 * must already be valid (`nbf`, `iat` not in the future; ACE reads neither), and an /api session token must be one ACE minted
 * (`iss` = the app key): a page or webhook JWT, whose qsh the API does not check, is not a session token.
 */
export function precheck(token: string, kind: TokenKind, appKey: string): TokenClaims {
  let claims: unknown;
  try {
    // Refuses any header `alg` but HS256 (`none` and HS512 included) before it reads the claims: no separate header check.
    claims = decodeSymmetric(token, "", SymmetricAlgorithm.HS256, true);
  } catch {
    throw new ApiError(401, "UNAUTHENTICATED", "The JWT is malformed or not signed with HS256");
  }
  const exp = (claims as { exp?: unknown }).exp;
  if (typeof exp !== "number") throw new ApiError(401, "UNAUTHENTICATED", "The JWT has no expiry (exp)");
  const { nbf, iat, iss } = claims as { nbf?: unknown; iat?: unknown; iss?: unknown };
  const latest = Math.floor(Date.now() / 1000) + SKEW_SEC;
  if ((typeof nbf === "number" && nbf > latest) || (typeof iat === "number" && iat > latest)) {
    throw new ApiError(401, "UNAUTHENTICATED", "The JWT is not valid yet (nbf or iat in the future)");
  }
  if (kind === "session" && iss !== appKey) throw new ApiError(401, "UNAUTHENTICATED", "The JWT is not a session token of this app");
  return claims as TokenClaims;
}


/** The header ACE uses for a page's fresh session token. */
export const SESSION_TOKEN_HEADER = "X-acpt";

/** ACE's rule for the acting user: `context.user.accountId` when the token has it, else `sub`. */
export function userOf(claims: TokenClaims): string | undefined {
  const user = (claims.context as { user?: { accountId?: unknown } } | undefined)?.user;
  if (typeof user?.accountId === "string" && user.accountId !== "") return user.accountId;
  return typeof claims.sub === "string" && claims.sub !== "" ? claims.sub : undefined;
}

