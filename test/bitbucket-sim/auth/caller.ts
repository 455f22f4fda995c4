/**
 * Who is calling, once a credential has been verified (bitbucket-platform.md §4.1).
 * `bucket` names the rate-limit counter the call is charged to; `identity` goes to the request log.
 */
interface CallerBase {
  bucket: string;
  identity: string;
}

export type Caller =
  | (CallerBase & { kind: "connect-jwt"; clientKey: string; workspaceUuid: string })
  | (CallerBase & { kind: "api-token"; userUuid: string; scopes?: string[] })
  | (CallerBase & { kind: "oauth-bearer"; workspaceUuid: string; userUuid?: string })
  | (CallerBase & { kind: "access-token"; workspaceUuid: string; projectKey?: string; repositoryUuid?: string });

/** Every kind the request log can show, including the ones that never authenticate. */
export type AuthKind = Caller["kind"] | "app-password" | "none" | "invalid";

/** The user a caller acts for, if any: API tokens always, OAuth when registered with one. */
export const actingUser = (caller: Caller): string | undefined =>
  caller.kind === "api-token" || caller.kind === "oauth-bearer" ? caller.userUuid : undefined;
