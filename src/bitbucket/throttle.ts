import { isWrite, type Handler } from "./pipeline";
import { realSleep, systemClock, type Clock, type Sleep } from "./timing";

export interface LimiterOptions {
  /** Requests of this class in flight at once, per budget key. */
  maxConcurrent: number;
  /** Minimum gap between the starts of two requests of this class, per budget key. */
  minTimeMs: number;
}

/** Reads and writes get separate limiters per budget key; permission writes run 1–2 at a time and more slowly. */
export interface ThrottleOptions {
  read?: Partial<LimiterOptions>;
  write?: Partial<LimiterOptions>;
}

export const DEFAULT_THROTTLE: Readonly<{ read: LimiterOptions; write: LimiterOptions }> = Object.freeze({
  read: Object.freeze({ maxConcurrent: 4, minTimeMs: 0 }),
  write: Object.freeze({ maxConcurrent: 1, minTimeMs: 1000 }),
});

/** A FIFO limiter: at most `maxConcurrent` tasks run, and starts are at least `minTimeMs` apart. */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStartAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: LimiterOptions,
    private readonly clock: Clock = systemClock,
    private readonly sleep: Sleep = realSleep,
  ) {
    if (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1) {
      throw new RangeError("maxConcurrent must be a positive integer");
    }
  }

  /** True when nothing runs or waits and the next start is not held back, so the limiter can be dropped. */
  get idle(): boolean {
    return this.running === 0 && this.waiting.length === 0 && this.clock() >= this.nextStartAtMs;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      const now = this.clock();
      const startAtMs = Math.max(now, this.nextStartAtMs);
      this.nextStartAtMs = startAtMs + this.options.minTimeMs;
      if (startAtMs > now) await this.sleep(startAtMs - now);
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.maxConcurrent) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.running--;
  }
}

/**
 * The throttle layer: bounded concurrency per budget key, reads and writes limited separately.
 * A limiter is dropped once idle (and past its `minTimeMs` gap), so the map does not grow with every tenant ever seen.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-request-limits/
 */
export function withThrottle(next: Handler, options: ThrottleOptions, clock: Clock, sleep: Sleep): Handler {
  const read: LimiterOptions = { ...DEFAULT_THROTTLE.read, ...options.read };
  const write: LimiterOptions = { ...DEFAULT_THROTTLE.write, ...options.write };
  const limiters = new Map<string, Limiter>();
  return async (request) => {
    const key = `${isWrite(request.method) ? "write" : "read"}:${request.budgetKey}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(isWrite(request.method) ? write : read, clock, sleep);
      limiters.set(key, limiter);
    }
    try {
      return await limiter.run(() => next(request));
    } finally {
      for (const [k, l] of limiters) if (l.idle) limiters.delete(k);
    }
  };
}
