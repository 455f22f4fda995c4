import type { ApiErrorBody, ErrorCode, RetryDetails, ValidationDetails } from "../../shared/api-contract";

/** What the page should do about a failure; several codes and statuses collapse into one kind. */
export type ErrorKind =
  | "session-expired"
  | "not-admin"
  | "credential-required"
  | "bitbucket-unavailable"
  | "rate-limited"
  | "validation"
  | "not-found"
  | "conflict"
  | "network"
  | "server";

/** A failed `/api` call: the server's `{error: {code, message, details}}` or, when there is none, the status. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NETWORK" | "UNKNOWN",
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get kind(): ErrorKind {
    return errorKind(this.status, this.code);
  }

  /** The bad fields of a 400, as `path → message`. */
  get fieldErrors(): Record<string, string> {
    const fields = isValidationDetails(this.details) ? this.details.fields : [];
    return Object.fromEntries(fields.map((f) => [f.path, f.message]));
  }

  /** When retrying makes sense, if the server said so. */
  get retryAt(): Date | undefined {
    if (!isRetryDetails(this.details)) return undefined;
    const at = new Date(this.details.retryAt);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
}

export const errorKind = (status: number, code: string): ErrorKind => {
  switch (code) {
    case "UNAUTHENTICATED": return "session-expired";
    case "NOT_AN_ADMIN": return "not-admin";
    case "CREDENTIAL_REQUIRED": return "credential-required";
    case "BITBUCKET_UNAVAILABLE": return "bitbucket-unavailable";
    case "BITBUCKET_RATE_LIMITED":
    case "RATE_LIMITED": return "rate-limited";
    case "NETWORK": return "network";
    default: break;
  }
  if (status === 401) return "session-expired";
  if (status === 403) return "not-admin";
  if (status === 404) return "not-found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate-limited";
  if (status === 502 || status === 503 || status === 504) return "bitbucket-unavailable";
  if (status >= 400 && status < 500) return "validation";
  return "server";
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const isErrorBody = (value: unknown): value is ApiErrorBody =>
  isRecord(value) && isRecord(value.error) && typeof value.error.code === "string" && typeof value.error.message === "string";

const isValidationDetails = (value: unknown): value is ValidationDetails =>
  isRecord(value) && Array.isArray(value.fields) &&
  value.fields.every((f) => isRecord(f) && typeof f.path === "string" && typeof f.message === "string");

const isRetryDetails = (value: unknown): value is RetryDetails => isRecord(value) && typeof value.retryAt === "string";

/** Builds the error for a non-2xx response from its status and (possibly non-JSON) body text. */
export const toApiError = (status: number, bodyText: string): ApiError => {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) return new ApiError(status, body.error.code, body.error.message, body.error.details);
  return new ApiError(status, "UNKNOWN", `The app answered ${status}${bodyText ? `: ${bodyText.slice(0, 200)}` : ""}`);
};

/** Any thrown value as an ApiError: a fetch that never reached the server becomes `NETWORK`. */
export const asApiError = (error: unknown): ApiError => {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, "NETWORK", `The app could not be reached (${message}).`);
};
