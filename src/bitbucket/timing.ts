/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;
/** Waits `ms` milliseconds; injected so tests run instantly and can record the delays. */
export type Sleep = (ms: number) => Promise<void>;
/** A uniform random number in [0, 1); injected so backoff jitter is deterministic in tests. */
export type Random = () => number;

export const systemClock: Clock = () => Date.now();

export const realSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    setTimeout(resolve, Math.max(0, ms));
  });
