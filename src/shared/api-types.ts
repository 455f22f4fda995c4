/**
 * Types shared by the server and the React pages: the error envelope, its codes, and the bodies of the /api routes.
 * Keep this file free of runtime imports so the page bundle can import it.
 */

/** Every code an /api or lifecycle route can answer with. Append new codes; the pages switch on them. */
export type ErrorCode =
  | "INVALID_JSON"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "BAD_REQUEST"
  | "VALIDATION_FAILED"
  | "UNAUTHENTICATED"
  | "NOT_AN_ADMIN"
  | "NOT_FOUND"
  | "INVALID_INSTALL_PAYLOAD"
  | "INSTALL_HOST_NOT_ALLOWED"
  | "INSTALL_SIGNATURE_INVALID"
  | "INSTALL_SIGNATURE_UNSUPPORTED"
  | "INSTALL_NOT_CONFIRMED"
  | "BITBUCKET_UNAVAILABLE"
  | "CREDENTIAL_REQUIRED"
  | "CREDENTIAL_REJECTED"
  | "CREDENTIAL_NOT_ADMIN"
  | "JOB_NOT_FINISHED"
  | "NOTHING_TO_RETRY"
  | "NOTHING_TO_UNDO"
  | "PLAN_STALE"
  | "RATE_LIMITED"
  | "BITBUCKET_RATE_LIMITED"
  | "SNAPSHOT_READING"
  | "INTERNAL";

/** The body of every error answer: `{"error": {"code", "message", "details"?}, "traceId"}`. */
export interface ApiErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly details?: unknown;
  };
  readonly traceId: string;
}

/**
 * The ACE session token: the page shell carries it in `<meta name="acpt">`, the page sends it as
 * `Authorization: JWT <token>`, and every /api answer carries a fresh one in this header, which the page swaps in.
 */
export const SESSION_TOKEN_HEADER = "X-acpt";
export const TRACE_ID_HEADER = "X-Trace-Id";

/** GET/PUT /api/settings. */
export interface WorkspaceSettings {
  /** Calls per rolling hour the app may spend for this workspace, 1–10000. */
  readonly hourlyCallBudget: number;
  /** Bitbucket calls in flight at once for this workspace, 1–16. */
  readonly concurrency: number;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { hourlyCallBudget: 900, concurrency: 4 };
export const WORKSPACE_SETTINGS_LIMITS = {
  hourlyCallBudget: { min: 1, max: 10_000 },
  concurrency: { min: 1, max: 16 },
} as const;
