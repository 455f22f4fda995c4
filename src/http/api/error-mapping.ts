import {
  BitbucketError, BudgetExhausted, Forbidden, NetworkError, NotFound, RateLimited, ServerError, Timeout, WriteCredentialRejected,
} from "../../bitbucket";
import { EngineError, SnapshotReading } from "../../engine";
import { InvalidJobItem, JobConflict } from "../../jobs";
import type { RetryDetails, SnapshotReadingDetails } from "../../shared/api-contract";
import { ApiError } from "../api-error";

/** How long to suggest waiting after a 429 that named no time (Bitbucket usually sends no Retry-After, §1.5). */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

const retryAt = (ms: number): RetryDetails => ({ retryAt: new Date(ms).toISOString() });

/**
 * Turns what the engine, the job store or the Bitbucket client threw into the API's answer; anything unknown stays as is
 * (the error middleware answers 500 and logs it). Messages are Bitbucket's reason in plain words, never a token.
 */
export function toApiError(error: unknown, nowMs: number): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof EngineError) {
    switch (error.code) {
      case "NOT_FOUND": return new ApiError(404, "NOT_FOUND", error.message);
      case "NOT_INSTALLED": return new ApiError(401, "UNAUTHENTICATED", error.message);
      case "CREDENTIAL_REQUIRED": return new ApiError(409, "CREDENTIAL_REQUIRED", error.message);
      case "CREDENTIAL_REJECTED": return new ApiError(400, "CREDENTIAL_REJECTED", error.message);
      case "CREDENTIAL_NOT_ADMIN": return new ApiError(403, "CREDENTIAL_NOT_ADMIN", error.message);
    }
  }
  if (error instanceof SnapshotReading) {
    const details: SnapshotReadingDetails = { progress: { ...error.progress }, retryAfterSeconds: error.retryAfterSeconds };
    return new ApiError(409, "SNAPSHOT_READING", error.message, details);
  }
  if (error instanceof JobConflict) return new ApiError(409, error.code, error.message);
  if (error instanceof InvalidJobItem) return new ApiError(400, "VALIDATION_FAILED", error.message);
  if (error instanceof BudgetExhausted) {
    return new ApiError(503, "BITBUCKET_RATE_LIMITED", `The hourly Bitbucket call budget is spent; try again after ${new Date(error.retryAtMs).toISOString()}`, retryAt(error.retryAtMs));
  }
  if (error instanceof RateLimited) {
    const at = nowMs + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
    return new ApiError(503, "BITBUCKET_RATE_LIMITED", "Bitbucket's rate limit is reached for now; try again in a minute", retryAt(at));
  }
  if (error instanceof WriteCredentialRejected) {
    return new ApiError(502, "BITBUCKET_UNAVAILABLE", `Bitbucket refused the saved API token for permission changes: ${error.bitbucketMessage ?? "403 Forbidden"}`);
  }
  if (error instanceof Forbidden) {
    return new ApiError(502, "BITBUCKET_UNAVAILABLE", "Bitbucket refused this read to the app (403). Saving a workspace admin's API token under Settings lets reads use it instead.");
  }
  if (error instanceof NotFound) {
    return new ApiError(404, "NOT_FOUND", `Bitbucket has no such ${error.path?.includes("/projects/") ? "project" : "resource"} in this workspace (or the app may not see it)`);
  }
  if (error instanceof ServerError || error instanceof NetworkError || error instanceof Timeout) {
    return new ApiError(503, "BITBUCKET_UNAVAILABLE", "Bitbucket did not answer properly; try again in a minute");
  }
  if (error instanceof BitbucketError) {
    const status = error.status === undefined ? error.code : String(error.status);
    return new ApiError(502, "BITBUCKET_UNAVAILABLE", `Bitbucket answered ${status}: ${error.bitbucketMessage ?? error.message}`);
  }
  return error;
}
