import type { AccessReadingResponse, ApiErrorBody, ProjectAccessResponse } from "../../src/shared/api-contract";
import { FAST_TUNING, startStack, type Stack } from "./stack";

const WINDOW_MS = 1500;
const REPOS = 12;
/** 7 + 2 × 12 = 31 calls (plus extra pages) against a budget of 20 per window: the read needs two windows. */
const BUDGET = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => { setTimeout(resolve, ms); });
const permissionReads = (stack: Stack) =>
  stack.sim.requests().filter((r) => r.method === "GET" && /\/repositories\/[^/]+\/[^/]+\/permissions-config\//.test(r.path));

describe("large project reads", () => {
  let stack: Stack;
  afterEach(async () => { await stack.close(); });

  const start = async (interactiveWaitMs: number): Promise<void> => {
    stack = await startStack({
      seed: (ws) => ws.withProject("BIG", { repos: REPOS }),
      tuning: { ...FAST_TUNING, budgetWindowMs: WINDOW_MS, interactiveWaitMs },
    });
    await stack.owner.put("/api/settings", { hourlyCallBudget: BUDGET, concurrency: 4 }).expect(200);
    // The admin checks of the API calls below count in the same JWT budget: let that window pass first.
    await sleep(WINDOW_MS + 50);
    stack.sim.clearRequests();
  };

  test("When a read spans two budget windows, then it completes without reading a finished repository again, answering 202 with progress meanwhile", async () => {
    await start(10_000);
    const first = await stack.owner.get("/api/projects/BIG/access");
    expect(first.status).toBe(202);
    const reading = first.body as AccessReadingResponse;
    expect(reading).toMatchObject({ state: "reading", progress: { total: REPOS } });
    expect(reading.progress.done).toBeLessThan(REPOS);
    expect(reading.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(first.headers["retry-after"]).toBe(String(reading.retryAfterSeconds));

    let res = first;
    const deadline = Date.now() + 15_000;
    while (res.status === 202 && Date.now() < deadline) {
      await sleep(100);
      res = await stack.owner.get("/api/projects/BIG/access");
    }
    expect(res.status).toBe(200);
    expect((res.body as ProjectAccessResponse).repositories).toHaveLength(REPOS);

    const paths = permissionReads(stack).map((r) => r.path);
    expect(paths).toHaveLength(2 * REPOS);
    expect(new Set(paths).size).toBe(paths.length);
    // It did wait: the calls went out in two windows, never over the budget in one.
    const log = stack.sim.requests();
    const spanMs = (log.at(-1)?.at ?? 0) - (log[0]?.at ?? 0);
    expect(spanMs).toBeGreaterThanOrEqual(WINDOW_MS - 100);
  });

  test("When a plan is asked for while the first read runs, then it answers 409 SNAPSHOT_READING with the progress", async () => {
    await start(10_000);
    await stack.owner.get("/api/projects/BIG/access").expect(202);
    const res = await stack.owner.post("/api/projects/BIG/plans", { principal: { type: "group", slug: "nobody" }, permission: "read", scope: "project" });
    expect(res.status).toBe(409);
    expect((res.body as ApiErrorBody).error).toMatchObject({ code: "SNAPSHOT_READING", details: { progress: { total: REPOS } } });
  });

  test("When a stored snapshot is refreshed and the refresh has to wait for the budget, then the stored one is served with its asOf and the refresh's progress", async () => {
    await start(10_000);
    let res = await stack.owner.get("/api/projects/BIG/access");
    while (res.status === 202) { await sleep(100); res = await stack.owner.get("/api/projects/BIG/access"); }
    const stored = res.body as ProjectAccessResponse;
    expect(stored.refreshing).toBeUndefined();

    const refreshed = await stack.owner.get("/api/projects/BIG/access?refresh=true").expect(200);
    const body = refreshed.body as ProjectAccessResponse;
    expect(body.asOf).toBe(stored.asOf);
    expect(body.refreshing).toEqual({ done: expect.any(Number) as number, total: expect.any(Number) as number });

    // The refresh finishes in the background; then a newer snapshot is served, without `refreshing`.
    const deadline = Date.now() + 15_000;
    let latest = body;
    while (latest.refreshing && Date.now() < deadline) {
      await sleep(100);
      latest = (await stack.owner.get("/api/projects/BIG/access").expect(200)).body as ProjectAccessResponse;
    }
    expect(latest.refreshing).toBeUndefined();
    expect(Date.parse(latest.asOf)).toBeGreaterThan(Date.parse(stored.asOf));
  });

  test("When a small project is read within the budget, then the first request answers 200 at once, as before", async () => {
    stack = await startStack({ seed: (ws) => ws.withProject("SMALL", { repos: 3 }) });
    const res = await stack.owner.get("/api/projects/SMALL/access").expect(200);
    expect((res.body as ProjectAccessResponse).repositories).toHaveLength(3);
  });
});
