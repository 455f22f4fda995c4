/**
 * The simulator's only source of time. Every rolling window, token expiry and read-after-write lag
 * reads `now()`, so a test can jump an hour with `advance()` instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the simulator sees them. */
  now(): number;
  /** Moves simulated time forward; negative values are refused so windows never run backwards. */
  advance(ms: number): void;
}

export interface ClockOptions {
  /** `true` freezes time at `startMs` until `advance()` is called; `false` follows the wall clock plus any advances. */
  fake?: boolean;
  /** Start of a fake clock; defaults to 2026-01-01T00:00:00Z so fixtures and snapshots are stable. */
  startMs?: number;
}

export const DEFAULT_FAKE_START_MS = Date.UTC(2026, 0, 1);

/**
 * Creates a clock. A real clock still honours `advance()` (as an offset), so
 * `POST /__sim/clock` works in the sandbox where nothing is faked.
 * @throws {RangeError} from `advance()` when `ms` is negative or not finite.
 */
export function createClock(options: ClockOptions = {}): Clock {
  let offsetMs = 0;
  const base = options.fake === true ? (options.startMs ?? DEFAULT_FAKE_START_MS) : undefined;
  return {
    now: () => (base ?? Date.now()) + offsetMs,
    advance: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance needs a finite, non-negative ms, got ${ms}`);
      offsetMs += ms;
    },
  };
}
