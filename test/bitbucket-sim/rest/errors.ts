import type { ErrorEnvelope } from "../../../src/bitbucket/types";

/**
 * A refusal a handler throws; the app turns it into Bitbucket's error envelope. Message texts come
 * from the spec's response descriptions where it has them, but real texts are UNCONFIRMED (§3.0):
 * clients must branch on status, never on message.
 */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "SimError";
  }
}

/** Bitbucket's `{"type":"error","error":{…}}` body. */
export function errorEnvelope(message: string, detail?: string, data?: Record<string, unknown>): ErrorEnvelope {
  return {
    type: "error",
    error: { message, ...(detail === undefined ? {} : { detail }), ...(data === undefined ? {} : { data }) },
  };
}

/** Texts used by more than one route. */
export const MESSAGES = {
  unauthenticated: "Token is invalid, expired, or not supported for this endpoint.",
  repoAdminRead: "The requesting user isn't an admin of the repository.",
  repoAdminWrite: "The requesting user isn't an admin of the repository, or the authentication method was not via app password.",
  projectAdminRead: "The user doesn't have admin access to the project.",
  projectAdminWrite: "The requesting user isn't an admin of the project, or the authentication method was not via app password.",
  workspaceAdmin: "The requesting user isn't an admin of the workspace.",
  scopes: "Your credentials lack one or more required privilege scopes.",
  notFound: "Resource not found",
} as const;

/** The body CHANGE-2770 returns on removed cross-workspace endpoints (§1.6). */
export const CHANGE_2770 = errorEnvelope(
  "CHANGE-2770 - Functionality has been deprecated",
  "Please read the changelog entry for more details.",
  { announcement_url: "https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770" },
);
