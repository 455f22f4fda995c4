import { BitbucketError, BudgetExhausted, RateLimited } from "./errors";
import type { Handler } from "./pipeline";
import type { Random, Sleep } from "./timing";

/**
 * Retry policy as data. Retried inside the request: 429 (unless `retryRateLimited` is false), 5xx, network errors and
 * timeouts. Never retried: statuses in `doNotRetry`, {@link BudgetExhausted}, and any non-retryable error.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/
 */
export interface RetryPolicy {
  doNotRetry: readonly number[];
  /** Extra attempts after the first. */
  retries: number;
  /** Backoff base: attempt n waits about `baseMs * 2^(n-1)`, jittered, capped at `maxDelayMs`. */
  baseMs: number;
  maxDelayMs: number;
  /**
   * false: a 429 is thrown at once as {@link RateLimited}, so a job can reschedule instead of sleeping.
   * A `Retry-After` above `maxDelayMs` is never slept on either.
   */
  retryRateLimited: boolean;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  doNotRetry: Object.freeze([400, 401, 402, 403, 404, 409, 410, 422]),
  retries: 3,
  baseMs: 1000,
  maxDelayMs: 30_000,
  retryRateLimited: true,
});

/**
 * Jittered exponential backoff for the `retry`-th retry (1-based): half fixed, half random ("equal jitter"), so a burst of
 * failures spreads out but never retries immediately.
 */
export function backoffMs(policy: Pick<RetryPolicy, "baseMs" | "maxDelayMs">, retry: number, random: Random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** How long to wait before retrying `error`, or undefined to give up and throw it. */
export function retryDelayMs(policy: RetryPolicy, error: unknown, retry: number, random: Random): number | undefined {
  if (!(error instanceof BitbucketError) || error instanceof BudgetExhausted || !error.isRetryable) return undefined;
  if (retry > policy.retries) return undefined;
  if (error.status !== undefined && policy.doNotRetry.includes(error.status)) return undefined;
  if (error instanceof RateLimited) {
    if (!policy.retryRateLimited) return undefined;
    if (error.retryAfterMs !== undefined) return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : undefined;
  }
  return backoffMs(policy, retry, random);
}

/**
 * The retry layer: runs the attempt, and on a retryable failure sleeps and runs it again under the request's
 * `retryPolicy` (none: one attempt). Each attempt below re-acquires budget and is signed afresh.
 * @throws {BitbucketError} the last failure when it is not retryable or the retries are used up.
 */
export function withRetry(next: Handler, sleep: Sleep, random: Random): Handler {
  return async (request) => {
    const policy = request.retryPolicy;
    for (let attempt = 1; ; attempt++) {
      try {
        return await next({ ...request, attempt });
      } catch (error) {
        const delayMs = policy === undefined ? undefined : retryDelayMs(policy, error, attempt, random);
        if (delayMs === undefined) throw error;
        await sleep(delayMs);
      }
    }
  };
}
