import { DEFAULT_LATENCY_MS, estimateRun } from "./plan-estimate";

describe("plan estimate", () => {
  test("When the budget is the bottleneck, then seconds are calls divided by the hourly rate", () => {
    // 1,800 calls at 900 per hour take two hours, however fast each call is.
    expect(estimateRun(1800, { callsPerHour: 900, concurrency: 4, latencyMs: 50 })).toEqual({ apiCalls: 1800, seconds: 7200 });
  });

  test("When round trips are the bottleneck, then seconds are calls times latency divided by concurrency", () => {
    // 100 calls of 2 s each, 2 at a time: 100 s; the 36,000-per-hour budget alone would allow them in 10 s.
    expect(estimateRun(100, { callsPerHour: 36_000, concurrency: 2, latencyMs: 2000 })).toEqual({ apiCalls: 100, seconds: 100 });
  });

  test("When no latency is given, then the default is used, and seconds are rounded up", () => {
    expect(estimateRun(3, { callsPerHour: 3_600_000, concurrency: 1 })).toEqual({ apiCalls: 3, seconds: Math.ceil((3 * DEFAULT_LATENCY_MS) / 1000) });
  });

  test("When there is nothing to do, then it takes no calls and no time", () => {
    expect(estimateRun(0, { callsPerHour: 900, concurrency: 2 })).toEqual({ apiCalls: 0, seconds: 0 });
  });

  test("When the current window still has room, then only the calls beyond it wait for the steady rate", () => {
    // 319 calls with 900 left in the window: none wait for the budget; 319 round trips of 300 ms, one at a time, remain.
    const options = { callsPerHour: 900, concurrency: 4, latencyMs: 300, availableCalls: 900, writeLimiter: { maxConcurrent: 1, minTimeMs: 0 } };
    expect(estimateRun(319, options)).toEqual({ apiCalls: 319, seconds: Math.ceil(319 * 0.3) });
    // 1,000 calls with 900 left: the 100 beyond wait 100 ÷ (900/3600) = 400 s, longer than the 300 s of round trips.
    expect(estimateRun(1000, options)).toEqual({ apiCalls: 1000, seconds: 400 });
  });

  test("When the write throttle spaces calls a second apart, then the spacing bounds the run", () => {
    const estimate = estimateRun(319, { callsPerHour: 900, concurrency: 4, latencyMs: 300, availableCalls: 900, writeLimiter: { maxConcurrent: 1, minTimeMs: 1000 } });
    expect(estimate.seconds).toBe(318);
  });

  test("When the job's concurrency is higher than the write throttle allows, then the throttle's in-flight count is used", () => {
    const estimate = estimateRun(100, { callsPerHour: 36_000, concurrency: 8, latencyMs: 1000, availableCalls: 36_000, writeLimiter: { maxConcurrent: 2, minTimeMs: 0 } });
    expect(estimate.seconds).toBe(50);
  });
});
