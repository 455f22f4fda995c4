import { createMemoryCallBudget } from "./budget";
import { fakeTime } from "./testing/recording-fetch";

describe("createMemoryCallBudget", () => {
  test("When calls stay within the limit, then each is granted", async () => {
    const time = fakeTime();
    const budget = createMemoryCallBudget({ callsPerHour: 3, clock: time.clock });
    for (let i = 0; i < 3; i++) await expect(budget.tryAcquire("user:a", 1)).resolves.toEqual({ granted: true });
  });

  test("When the limit is reached, then the next call is refused until the oldest call leaves the rolling window", async () => {
    const time = fakeTime();
    const start = time.clock();
    const budget = createMemoryCallBudget({ callsPerHour: 2, windowMs: 60_000, clock: time.clock });
    await budget.tryAcquire("user:a", 1);
    time.advance(10_000);
    await budget.tryAcquire("user:a", 1);
    await expect(budget.tryAcquire("user:a", 1)).resolves.toEqual({ granted: false, retryAtMs: start + 60_000 });
    time.advance(50_001);
    await expect(budget.tryAcquire("user:a", 1)).resolves.toEqual({ granted: true });
  });

  test("When one key is spent, then another key is unaffected", async () => {
    const budget = createMemoryCallBudget({ callsPerHour: 1, clock: fakeTime().clock });
    await budget.tryAcquire("user:a", 1);
    await expect(budget.tryAcquire("jwt:b", 1)).resolves.toEqual({ granted: true });
  });

  test("When several calls are asked at once, then retryAtMs is when enough of them are free", async () => {
    const time = fakeTime();
    const start = time.clock();
    const budget = createMemoryCallBudget({ callsPerHour: 3, windowMs: 1000, clock: time.clock });
    await budget.tryAcquire("k", 1);
    time.advance(100);
    await budget.tryAcquire("k", 1);
    await expect(budget.tryAcquire("k", 3)).resolves.toEqual({ granted: false, retryAtMs: start + 100 + 1000 });
  });

  test("When more calls are asked than the budget can ever hold, then it rejects with a RangeError", async () => {
    const budget = createMemoryCallBudget({ callsPerHour: 2, clock: fakeTime().clock });
    await expect(budget.tryAcquire("k", 3)).rejects.toThrow(RangeError);
    await expect(budget.tryAcquire("k", 0)).rejects.toThrow(RangeError);
  });
});
