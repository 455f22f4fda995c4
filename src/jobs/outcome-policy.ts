import type { ItemOutcome } from "./outcome";

/**
 * What a failed execution means, as data (style.md example 7). Errors are read structurally (`code`, `isRetryable`,
 * `retryAtMs`, `retryAfterMs`), so src/bitbucket's typed errors fit without this layer importing them.
 * Codes compare case-insensitively and ignore `_`/`-`, so `write_credential_rejected`, `WRITE_CREDENTIAL_REJECTED` and
 * the class name `WriteCredentialRejected` are one code.
 */
export interface OutcomePolicy {
  /** Errors after which the job's other items would fail the same way: fail this one and stop the job. */
  readonly stopJobCodes: readonly string[];
  /**
   * Retryable errors that never spend a retry: the budget is ours to wait out, and Bitbucket's rolling-hour 429 always
   * clears (the issue: a 429 reschedules, it never fails an item).
   */
  readonly uncountedRetryCodes: readonly string[];
  /** Counted retryable failures (5xx, network, timeout) after which the item fails, so no item is pending forever. */
  readonly maxRetries: number;
  readonly backoff: { readonly baseMs: number; readonly factor: number; readonly maxMs: number; readonly jitter: number };
}

export const DEFAULT_OUTCOME_POLICY: OutcomePolicy = {
  stopJobCodes: ["write_credential_rejected"],
  uncountedRetryCodes: ["budget_exhausted", "rate_limited"],
  maxRetries: 20,
  backoff: { baseMs: 5_000, factor: 2, maxMs: 10 * 60_000, jitter: 0.2 },
};

interface ErrorLike {
  readonly code?: unknown;
  readonly name?: unknown;
  readonly message?: unknown;
  readonly isRetryable?: unknown;
  readonly retryAtMs?: unknown;
  readonly retryAfterMs?: unknown;
}

const normalise = (code: string): string => code.toLowerCase().replace(/[_-]/g, "");
const matches = (codes: readonly string[], e: ErrorLike): boolean =>
  [e.code, e.name].some((c) => typeof c === "string" && codes.some((k) => normalise(k) === normalise(c)));

/** Exponential backoff with ± jitter, capped. */
export function backoffMs(retries: number, b: OutcomePolicy["backoff"], random: () => number): number {
  const raw = Math.min(b.maxMs, b.baseMs * Math.pow(b.factor, retries));
  return Math.max(0, Math.round(raw * (1 + b.jitter * (random() * 2 - 1))));
}

/** How often an item has run: `attempts` includes this execution; `retries` counts earlier counted failures. */
export interface AttemptCounts { readonly attempts: number; readonly retries: number }

/** Maps what an executor threw to the item's outcome. */
export function decideOutcome(
  thrown: unknown, { attempts, retries }: AttemptCounts, nowMs: number, policy: OutcomePolicy = DEFAULT_OUTCOME_POLICY, random: () => number = Math.random,
): ItemOutcome {
  const e: ErrorLike = typeof thrown === "object" && thrown !== null ? thrown : {};
  const rawCode = typeof e.code === "string" ? e.code : "internal";
  const error = {
    code: rawCode.toUpperCase(),
    message: typeof e.message === "string" && e.message !== "" ? e.message : String(thrown),
  };
  if (matches(policy.stopJobCodes, e)) return { kind: "stop-job", error };
  if (e.isRetryable !== true) return { kind: "failed", error };

  const counted = !matches(policy.uncountedRetryCodes, e);
  if (counted && retries + 1 > policy.maxRetries) {
    return { kind: "failed", error: { code: error.code, message: `Gave up after ${policy.maxRetries} retries: ${error.message}` } };
  }
  const notBeforeMs = typeof e.retryAtMs === "number" ? Math.max(nowMs, e.retryAtMs)
    : typeof e.retryAfterMs === "number" ? nowMs + Math.max(0, e.retryAfterMs)
    // Backoff grows with every execution, so an uncounted 429 storm also slows down instead of polling.
    : nowMs + backoffMs(Math.max(0, attempts - 1), policy.backoff, random);
  return { kind: "retry", notBeforeMs, counted, error };
}
