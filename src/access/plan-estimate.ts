import type { PlanEstimate } from "./plan";

export interface EstimateOptions {
  /** The credential's hourly call budget (Bitbucket allows about 1,000 per rolling hour per user; §1.5). */
  readonly callsPerHour: number;
  /** How many items the job runs at once (the workspace setting). */
  readonly concurrency: number;
  /** Typical round trip of one permission call. */
  readonly latencyMs?: number;
  /**
   * Calls the write credential still has in the current rolling window. Absent: none are assumed, so every call waits for
   * the steady rate (the pessimistic reading).
   */
  readonly availableCalls?: number;
  /** The client's write throttle per credential: calls in flight at once and the gap between two starts. */
  readonly writeLimiter?: { readonly maxConcurrent: number; readonly minTimeMs: number };
}

/** A Bitbucket permission PUT or DELETE usually answers within a few hundred milliseconds. */
export const DEFAULT_LATENCY_MS = 300;

/**
 * Each item is exactly one call (a PUT or a DELETE), so `apiCalls = items`. The run is bounded by three things, and the
 * slowest wins:
 * - the round trips: `calls × latency ÷ in-flight`, where in-flight is the smaller of the job's concurrency and the write
 *   throttle's;
 * - the write throttle's spacing: `calls × gap between starts`;
 * - the budget: the calls beyond what the current window still allows wait for the steady rate `callsPerHour ÷ 3600`.
 * The budget is shared with reads (snapshot refreshes, other jobs of the same credential), so a busy credential is slower.
 */
export const estimateRun = (calls: number, options: EstimateOptions): PlanEstimate => {
  if (calls === 0) return { apiCalls: 0, seconds: 0 };
  const latencySeconds = (options.latencyMs ?? DEFAULT_LATENCY_MS) / 1000;
  const inFlight = Math.max(1, Math.min(options.concurrency, options.writeLimiter?.maxConcurrent ?? Number.POSITIVE_INFINITY));
  const roundTrips = (calls * latencySeconds) / inFlight;
  const spacing = ((calls - 1) * (options.writeLimiter?.minTimeMs ?? 0)) / 1000;
  const waiting = Math.max(0, calls - Math.max(0, options.availableCalls ?? 0));
  const budget = options.callsPerHour > 0 ? waiting / (options.callsPerHour / 3600) : Number.POSITIVE_INFINITY;
  return { apiCalls: calls, seconds: Math.ceil(Math.max(roundTrips, spacing, budget)) };
};
