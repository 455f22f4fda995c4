import { BudgetExhausted } from "./errors";
import type { Handler } from "./pipeline";
import type { Clock } from "./timing";

export type BudgetDecision = { granted: true } | { granted: false; retryAtMs: number };

/**
 * How many calls a credential may still make. Bitbucket counts 1,000 calls per rolling hour per user (API tokens); the
 * client asks before every attempt and throws {@link BudgetExhausted} on a refusal instead of sleeping.
 * The jobs layer supplies a database-backed implementation that holds across app instances.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/
 */
export interface CallBudget {
  tryAcquire(budgetKey: string, calls: number): Promise<BudgetDecision>;
}

export interface MemoryCallBudgetOptions {
  callsPerHour: number;
  /** The rolling window; one hour unless a test shrinks it. */
  windowMs?: number;
  clock: Clock;
}

export const HOUR_MS = 3_600_000;

/**
 * An in-process rolling-window budget for tests and the CLI: a call is granted when fewer than `callsPerHour` calls were
 * granted under the same key in the last `windowMs`.
 * @throws {RangeError} from `tryAcquire` when `calls` is not a positive integer or exceeds `callsPerHour` (never grantable).
 */
export function createMemoryCallBudget(options: MemoryCallBudgetOptions): CallBudget {
  const { callsPerHour, clock } = options;
  const windowMs = options.windowMs ?? HOUR_MS;
  const grantedAt = new Map<string, number[]>();
  return {
    tryAcquire(key, calls) {
      if (!Number.isInteger(calls) || calls < 1 || calls > callsPerHour) {
        return Promise.reject(new RangeError(`Cannot acquire ${calls} calls from a budget of ${callsPerHour}`));
      }
      const now = clock();
      const recent = (grantedAt.get(key) ?? []).filter((at) => at > now - windowMs);
      const overflow = recent.length + calls - callsPerHour;
      if (overflow > 0) {
        grantedAt.set(key, recent);
        // Times are ascending; enough calls have left the window once the `overflow`-th oldest has.
        const freedAt = recent[overflow - 1] ?? now;
        return Promise.resolve({ granted: false, retryAtMs: freedAt + windowMs });
      }
      for (let i = 0; i < calls; i++) recent.push(now);
      grantedAt.set(key, recent);
      return Promise.resolve({ granted: true });
    },
  };
}

/**
 * The budget layer: one call is acquired under the request's budget key before each attempt (retries are calls too).
 * @throws {BudgetExhausted} when the budget refuses; nothing is sent.
 */
export function withBudget(next: Handler, budget: CallBudget): Handler {
  return async (request) => {
    const decision = await budget.tryAcquire(request.budgetKey, 1);
    if (!decision.granted) {
      throw new BudgetExhausted({
        message: `The call budget for ${request.budgetKey} is spent until ${new Date(decision.retryAtMs).toISOString()}`,
        request,
        budgetKey: request.budgetKey,
        retryAtMs: decision.retryAtMs,
      });
    }
    return next(request);
  };
}
