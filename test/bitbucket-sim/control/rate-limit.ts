import type { Caller } from "../auth/caller";
import type { Clock } from "../clock";
import { rateWindowMs, type Switches } from "../switches";

/** Anonymous calls share a small budget, as Bitbucket's unauthenticated limit (§4.1). */
export const ANONYMOUS_PER_HOUR = 60;

export type RateDecision = { allowed: true; limit: number; used: number } | { allowed: false; limit: number };

/**
 * Rolling-window counters, one per bucket (§1.5): a call is allowed while fewer than `limit` calls were
 * allowed in the last `3_600_000 / timeScale` ms of simulated time. Refused calls are not counted.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly clock: Clock, private readonly switches: () => Switches) {}

  /** True when `path` is one of the limited resources (`/2.0/repositories/*`, and `/2.0/workspaces/*` by switch). */
  applies(path: string): boolean {
    return path.startsWith("/2.0/repositories/") || (this.switches().rateLimitWorkspaces && path.startsWith("/2.0/workspaces/"));
  }

  /** Charges one call to `bucket` if the window has room. */
  take(bucket: string, limit: number): RateDecision {
    const now = this.clock.now();
    const since = now - rateWindowMs(this.switches());
    const times = (this.hits.get(bucket) ?? []).filter((t) => t > since);
    if (times.length >= limit) {
      this.hits.set(bucket, times);
      return { allowed: false, limit };
    }
    times.push(now);
    this.hits.set(bucket, times);
    return { allowed: true, limit, used: times.length };
  }

  /** The bucket and hourly limit for a caller, or the anonymous ones. */
  bucketOf(caller: Caller | undefined): { bucket: string; limit: number } {
    if (caller === undefined) return { bucket: "anonymous", limit: ANONYMOUS_PER_HOUR };
    return { bucket: caller.bucket, limit: this.switches().rateLimitPerHour };
  }

  reset(): void {
    this.hits.clear();
  }
}
