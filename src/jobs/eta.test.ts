import { etaSeconds } from "./eta";

const base = { remaining: 100, averageItemMs: 200, concurrency: 4, callsPerHour: 900, budgetAvailable: 900, windowMs: 3_600_000 };

describe("job ETA", () => {
  test("When the budget has room, then the ETA is the remaining work spread over the concurrency", () => {
    expect(etaSeconds(base)).toBe(5);
  });

  test("When the remaining calls exceed what is left of the budget, then the ETA is at least the wait for the overflow", () => {
    // 100 remaining, 10 free: 90 calls at 900 per hour take 360 s.
    expect(etaSeconds({ ...base, budgetAvailable: 10 })).toBe(360);
  });

  test("When nothing remains, then the ETA is zero", () => {
    expect(etaSeconds({ ...base, remaining: 0 })).toBe(0);
  });
});
