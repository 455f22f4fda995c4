/**
 * The Bitbucket Cloud client: credentials, a layered transport over an injected `fetch`, typed errors, pagination, and one
 * module per resource. Host-neutral: nothing here imports Connect, Express or the web layer.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/
 */
export { budgetKey, describeCredential, type BitbucketCredential } from "./credentials";
export { path, encodePathSegment, type ApiPath } from "./path";
export { authorizationHeader, JWT_LIFETIME_SEC } from "./auth";
export {
  BitbucketError,
  BadRequest,
  Unauthorized,
  PaymentRequired,
  SeatLimit,
  Forbidden,
  WriteCredentialRejected,
  NotFound,
  Gone,
  RateLimited,
  ServerError,
  UnexpectedResponse,
  NetworkError,
  Timeout,
  PaginationLimitError,
  BudgetExhausted,
  toBitbucketError,
  parseRetryAfterMs,
  type BitbucketErrorCode,
  type FailedRequest,
  type ResponseSnapshot,
} from "./errors";
export { createMemoryCallBudget, HOUR_MS, type CallBudget, type BudgetDecision, type MemoryCallBudgetOptions } from "./budget";
export { DEFAULT_RETRY_POLICY, backoffMs, retryDelayMs, type RetryPolicy } from "./retry";
export { DEFAULT_THROTTLE, Limiter, type LimiterOptions, type ThrottleOptions } from "./throttle";
export type { ResponseEvent } from "./transport";
export type { Query } from "./url";
export type { Clock, Sleep, Random } from "./timing";
export {
  createBitbucketClient,
  type BitbucketClient,
  type BitbucketClientOptions,
  type BitbucketApi,
  type AsOptions,
} from "./client";
export { paginate, collect, DEFAULT_MAX_PAGES, type PaginateOptions } from "./paginate";
export * from "./resources/repositories";
export * from "./resources/projects";
export * from "./resources/repository-permissions";
export * from "./resources/project-permissions";
export * from "./resources/workspace-permissions";
export * from "./resources/members";
export * from "./resources/users";
export * from "./resources/groups";
export type * from "./types";
