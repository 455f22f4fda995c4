/**
 * Typed Bitbucket failures. Only {@link toBitbucketError} turns an HTTP status into one of these; every class carries the
 * status, whether a later attempt may succeed, a stable code, and a body excerpt that is safe to log.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/#standardized-error-responses
 */
import type { ErrorEnvelope } from "./types";

export type BitbucketErrorCode =
  | "bad_request"
  | "unauthorized"
  | "payment_required"
  | "seat_limit"
  | "forbidden"
  | "write_credential_rejected"
  | "not_found"
  | "gone"
  | "rate_limited"
  | "server_error"
  | "unexpected_status"
  | "unexpected_response"
  | "network_error"
  | "timeout"
  | "pagination_limit"
  | "budget_exhausted";

/** What an error says about the request that caused it: never headers, never the query (it may hold emails). */
export interface FailedRequest {
  readonly method: string;
  readonly url: URL;
}

export interface BitbucketErrorInit {
  status?: number | undefined;
  message: string;
  bitbucketMessage?: string | undefined;
  detail?: string | undefined;
  bodyExcerpt?: string | undefined;
  request?: FailedRequest | undefined;
  cause?: unknown;
}

const EXCERPT_CHARS = 500;

/** The base of every client failure. `message` is Bitbucket's `error.message` when it sent one. */
export class BitbucketError extends Error {
  readonly code: BitbucketErrorCode = "unexpected_status";
  readonly isRetryable: boolean = false;
  readonly status: number | undefined;
  /** Bitbucket's own `error.message` (or plain-text body), unaltered. */
  readonly bitbucketMessage: string | undefined;
  readonly detail: string | undefined;
  /** The start of the response body, control characters removed; Bitbucket bodies hold no credentials of ours. */
  readonly bodyExcerpt: string | undefined;
  readonly method: string | undefined;
  /** The URL path (no query, no host). */
  readonly path: string | undefined;

  constructor(init: BitbucketErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.bitbucketMessage = init.bitbucketMessage;
    this.detail = init.detail;
    this.bodyExcerpt = init.bodyExcerpt;
    this.method = init.request?.method;
    this.path = init.request?.url.pathname;
  }
}

/** 400: a bad value, or a user PUT for a non-member or the workspace owner (§3.1). */
export class BadRequest extends BitbucketError {
  override readonly code: BitbucketErrorCode = "bad_request";
}
/** 401: the credential is invalid, expired, or not accepted for this endpoint. */
export class Unauthorized extends BitbucketError {
  override readonly code: BitbucketErrorCode = "unauthorized";
}
/** 402: the workspace plan refuses the change. */
export class PaymentRequired extends BitbucketError {
  override readonly code: BitbucketErrorCode = "payment_required";
}
/** 402 on a permission PUT: granting would exceed the plan's user (seat) limit. */
export class SeatLimit extends PaymentRequired {
  override readonly code: BitbucketErrorCode = "seat_limit";
}
/** 403: the identity lacks access or scopes. */
export class Forbidden extends BitbucketError {
  override readonly code: BitbucketErrorCode = "forbidden";
}
/**
 * 403 on a PUT or DELETE of `permissions-config`: Bitbucket refused this credential for permission changes (a JWT always
 * is; an API token is when its owner is not an admin or the token lacks scopes). Not retried; the job stops here.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-permissions-config-users-selected-user-id-put
 */
export class WriteCredentialRejected extends Forbidden {
  override readonly code: BitbucketErrorCode = "write_credential_rejected";
}
/** 404: the workspace, project, repository, user, group or grant does not exist (or is hidden from this identity). */
export class NotFound extends BitbucketError {
  override readonly code: BitbucketErrorCode = "not_found";
}
/** 410: a removed endpoint (CHANGE-2770) or a workspace marked as spam. Never retried. */
export class Gone extends BitbucketError {
  override readonly code: BitbucketErrorCode = "gone";
}
/** 429: Bitbucket's rolling-hour limit. `retryAfterMs` is set only when Bitbucket sent `Retry-After`. */
export class RateLimited extends BitbucketError {
  override readonly code: BitbucketErrorCode = "rate_limited";
  override readonly isRetryable: boolean = true;
  readonly retryAfterMs: number | undefined;
  constructor(init: BitbucketErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 5xx. */
export class ServerError extends BitbucketError {
  override readonly code: BitbucketErrorCode = "server_error";
  override readonly isRetryable: boolean = true;
}
/** A 2xx whose body is not what the endpoint promises (not JSON, not a page, not an array). */
export class UnexpectedResponse extends BitbucketError {
  override readonly code: BitbucketErrorCode = "unexpected_response";
}
/** The request never got a response: DNS, refused or reset connection. */
export class NetworkError extends BitbucketError {
  override readonly code: BitbucketErrorCode = "network_error";
  override readonly isRetryable: boolean = true;
}
/** No complete response within the client's `timeoutMs`. */
export class Timeout extends BitbucketError {
  override readonly code: BitbucketErrorCode = "timeout";
  override readonly isRetryable: boolean = true;
}
/** Pagination refused to go on: past `maxPages`, a repeated `next`, or a `next` on another origin. Never a partial list. */
export class PaginationLimitError extends BitbucketError {
  override readonly code: BitbucketErrorCode = "pagination_limit";
  readonly reason: "max-pages" | "repeated-next" | "foreign-next";
  constructor(init: BitbucketErrorInit & { reason: PaginationLimitError["reason"] }) {
    super(init);
    this.reason = init.reason;
  }
}
/**
 * The call budget for this credential is spent. Retryable at `retryAtMs`, but never slept on inside the client: a job
 * reschedules, a page says when to come back.
 */
export class BudgetExhausted extends BitbucketError {
  override readonly code: BitbucketErrorCode = "budget_exhausted";
  override readonly isRetryable: boolean = true;
  readonly budgetKey: string;
  readonly retryAtMs: number;
  constructor(init: BitbucketErrorInit & { budgetKey: string; retryAtMs: number }) {
    super(init);
    this.budgetKey = init.budgetKey;
    this.retryAtMs = init.retryAtMs;
  }
}

/** The parts of a response the mapping reads; the client reads the body before mapping. */
export interface ResponseSnapshot {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** A body excerpt safe for logs: bounded, with control characters (CR, LF, NUL…) replaced by spaces. */
export function excerpt(text: string): string | undefined {
  if (text === "") return undefined;
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS)}…` : clean;
}

function parseEnvelope(text: string): ErrorEnvelope["error"] | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
    const error: unknown = body.error;
    if (typeof error !== "object" || error === null || !("message" in error) || typeof error.message !== "string") return undefined;
    const detail = "detail" in error && typeof error.detail === "string" ? error.detail : undefined;
    return detail === undefined ? { message: error.message } : { message: error.message, detail };
  } catch {
    return undefined;
  }
}

/**
 * `Retry-After` in ms (delta-seconds or an HTTP date), or undefined when absent or unreadable.
 * Bitbucket normally sends none on a 429 (bitbucket-platform.md §1.5).
 */
export function parseRetryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

const isPermissionWrite = (request: FailedRequest): boolean =>
  (request.method === "PUT" || request.method === "DELETE") && request.url.pathname.includes("/permissions-config/");

/**
 * THE status mapping: turns a non-2xx response into the matching {@link BitbucketError} subclass. Nothing else maps statuses.
 * A 429 body is plain text and is read as such; other bodies are read as Bitbucket's error envelope when they are one.
 * Branches on status (and method/path for writes), never on message text, which Bitbucket does not promise.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/#standardized-error-responses
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/
 */
export function toBitbucketError(response: ResponseSnapshot, request: FailedRequest, nowMs: number = Date.now()): BitbucketError {
  const { status } = response;
  const envelope = status === 429 ? undefined : parseEnvelope(response.text);
  const plain = status === 429 ? excerpt(response.text) : undefined;
  const bitbucketMessage = envelope?.message ?? plain;
  const where = `${request.method} ${request.url.pathname}`;
  const init: BitbucketErrorInit = {
    status,
    message: bitbucketMessage ?? `Bitbucket answered ${status} to ${where}`,
    bitbucketMessage,
    detail: envelope?.detail,
    bodyExcerpt: excerpt(response.text),
    request,
  };
  switch (status) {
    case 400:
      return new BadRequest(init);
    case 401:
      return new Unauthorized(init);
    case 402:
      return isPermissionWrite(request) ? new SeatLimit(init) : new PaymentRequired(init);
    case 403:
      return isPermissionWrite(request)
        ? new WriteCredentialRejected({
            ...init,
            message:
              `Bitbucket refused this credential for permission changes (${where} answered 403)` +
              (bitbucketMessage === undefined ? "." : `: ${bitbucketMessage}`),
          })
        : new Forbidden(init);
    case 404:
      return new NotFound(init);
    case 410:
      return new Gone(init);
    case 429:
      return new RateLimited({ ...init, retryAfterMs: parseRetryAfterMs(response.headers, nowMs) });
    default:
      return status >= 500 && status <= 599 ? new ServerError(init) : new BitbucketError(init);
  }
}
