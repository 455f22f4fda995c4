/** Milliseconds since the epoch; injected so tests control lease expiry, backoff and the budget window. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
