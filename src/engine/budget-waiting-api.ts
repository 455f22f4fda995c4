import { BudgetExhausted, RateLimited, type BitbucketApi } from "../bitbucket";
import type { ApiPath } from "../bitbucket/path";
import type { Clock, Sleep } from "../bitbucket/timing";
import type { Query } from "../bitbucket/url";

export interface BudgetWaitOptions {
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** How long to wait after a 429 that names no time (Bitbucket usually sends no `Retry-After`, §1.5). */
  readonly rateLimitedWaitMs: number;
  /** 429s in a row on one call after which the call fails, so a read is never stuck forever. */
  readonly maxRateLimitedWaits: number;
  /** Told when a call starts waiting (until when) and when it goes on; must not throw. */
  readonly onWait?: (untilMs: number | null) => void;
}

/**
 * The API as `api`, except that a call refused by the call budget ({@link BudgetExhausted}) sleeps until `retryAtMs` and is
 * sent again, and a 429 that the client gave up on waits and is sent again (up to `maxRateLimitedWaits` times). Only the
 * refused call repeats: everything already read stays read, so a long read spends each call once (ADR 006).
 * For background reads only; a page request must never sleep for the budget.
 */
export function budgetWaitingApi(api: BitbucketApi, options: BudgetWaitOptions): BitbucketApi {
  const { clock, sleep, onWait } = options;
  const patiently = async <T>(call: () => Promise<T>): Promise<T> => {
    let rateLimited = 0;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        let untilMs: number;
        if (error instanceof BudgetExhausted) {
          untilMs = error.retryAtMs;
        } else if (error instanceof RateLimited && rateLimited < options.maxRateLimitedWaits) {
          rateLimited += 1;
          untilMs = clock() + (error.retryAfterMs ?? options.rateLimitedWaitMs);
        } else {
          throw error;
        }
        onWait?.(untilMs);
        await sleep(Math.max(0, untilMs - clock()));
        onWait?.(null);
      }
    }
  };
  return {
    budgetKey: api.budgetKey,
    origin: api.origin,
    get: <T>(target: ApiPath | URL, query?: Query) => patiently(() => api.get<T>(target, query)),
    getText: (target, query) => patiently(() => api.getText(target, query)),
    put: <T>(target: ApiPath, body: unknown) => patiently(() => api.put<T>(target, body)),
    delete: (target) => patiently(() => api.delete(target)),
  };
}
