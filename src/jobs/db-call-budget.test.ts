import { openDatabase, type Database } from "../db/database";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";
import { createDbCallBudget } from "./db-call-budget";
import { fakeClock, type FakeClock } from "./test-support/fixtures";

const WINDOW_MS = 60_000;
const KEY = "user:ada@example.com";

describe("database-backed call budget", () => {
  let testDb: TestDatabaseUrl;
  let db: Database;
  let other: Database;
  let clock: FakeClock;

  beforeEach(async () => {
    testDb = await createTestDatabaseUrl();
    db = await openDatabase(testDb.url);
    other = await openDatabase(testDb.url); // a second app instance: its own connection pool
    clock = fakeClock();
  });
  afterEach(async () => {
    await other.close();
    await db.close();
    await testDb.drop();
  });

  const budgetOn = (database: Database, limit = 5) =>
    createDbCallBudget({ db: database, clock: clock.now, windowMs: WINDOW_MS, callsPerHour: () => limit });

  test("When two instances share a key, then together they get N calls per window and it reopens as the oldest calls leave it", async () => {
    const a = budgetOn(db);
    const b = budgetOn(other);
    const start = clock.now();
    expect(await a.tryAcquire(KEY, 1)).toEqual({ granted: true });
    clock.advance(10_000);
    expect(await b.tryAcquire(KEY, 2)).toEqual({ granted: true });
    expect(await a.tryAcquire(KEY, 2)).toEqual({ granted: true });
    expect(await b.tryAcquire(KEY, 1)).toEqual({ granted: false, retryAtMs: start + WINDOW_MS });
    expect(await a.tryAcquire(KEY, 2)).toEqual({ granted: false, retryAtMs: start + 10_000 + WINDOW_MS });
    expect(await a.used(KEY)).toBe(5);

    clock.set(start + WINDOW_MS - 1);
    expect((await b.tryAcquire(KEY, 1)).granted).toBe(false);
    clock.set(start + WINDOW_MS);
    expect(await b.tryAcquire(KEY, 1)).toEqual({ granted: true });
    expect((await a.tryAcquire(KEY, 1)).granted).toBe(false);
  });

  test("When many acquires race from two instances, then exactly the limit is granted", async () => {
    const a = budgetOn(db, 7);
    const b = budgetOn(other, 7);
    const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire(KEY, 1)));
    expect(decisions.filter((d) => d.granted)).toHaveLength(7);
  });

  test("When keys differ, then each has its own window and its own limit", async () => {
    const budget = createDbCallBudget({ db, clock: clock.now, windowMs: WINDOW_MS, callsPerHour: (key) => (key === KEY ? 1 : 2) });
    expect((await budget.tryAcquire(KEY, 1)).granted).toBe(true);
    expect((await budget.tryAcquire(KEY, 1)).granted).toBe(false);
    expect((await budget.tryAcquire("jwt:client-a", 1)).granted).toBe(true);
    expect((await budget.tryAcquire("jwt:client-a", 1)).granted).toBe(true);
    expect((await budget.tryAcquire("jwt:client-a", 1)).granted).toBe(false);
  });

  test("When calls leave the window, then their rows are pruned", async () => {
    const budget = budgetOn(db);
    await budget.tryAcquire(KEY, 3);
    clock.advance(WINDOW_MS);
    await budget.tryAcquire(KEY, 1);
    const rows = await db.knex("call_budget_log").where({ budget_key: KEY }).select("calls");
    expect(rows).toEqual([{ calls: 1 }]);
  });

  test("When a request can never fit, then it is refused as a programming error", async () => {
    await expect(budgetOn(db).tryAcquire(KEY, 6)).rejects.toBeInstanceOf(RangeError);
    await expect(budgetOn(db).tryAcquire(KEY, 0)).rejects.toBeInstanceOf(RangeError);
  });
});
