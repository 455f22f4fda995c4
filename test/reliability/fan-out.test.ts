// Database-backed through ../integration/stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { AuditResponse, Job, JobStarted, Plan } from "../../src/shared/api-contract";
import { usingPostgres } from "../helpers/test-database";
import { simGrants } from "../integration/sim-state";
import { FAST_TUNING, startStack, type Seed, type Stack } from "../integration/stack";

const REPOS = 1000;
const NOOPS = 50; // already write: the plan must leave them alone
const CHANGES = 50; // read → write
const GONE = 3; // deleted after planning: their items fail with Bitbucket's 404
const slug = (i: number) => `big-repo-${String(i).padStart(4, "0")}`;

const seed: Seed = (ws) => {
  ws.withGroup("developers").withProject("BIG", { repos: REPOS });
  for (let i = 1; i <= NOOPS; i++) ws.withRepoGrant(slug(i), { group: "developers" }, "write");
  for (let i = NOOPS + 1; i <= NOOPS + CHANGES; i++) ws.withRepoGrant(slug(i), { group: "developers" }, "read");
  return ws;
};

const WRITES = "/2.0/repositories/acme/*/permissions-config/**";

/**
 * A fan-out over 1,000 repositories while Bitbucket misbehaves on the writes: 429 storms, 500/502/503 answers, dropped
 * connections and slow answers (seeded probabilities), and a call budget squeezed into a 400 ms window so the budget gate
 * refuses calls too. Every item must end done or failed with a reason, exactly once, and Bitbucket must hold the plan.
 */
describe(`A 1,000-repository fan-out under faults (${usingPostgres() ? "PostgreSQL" : "SQLite"})`, () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      seed, worker: false, switches: { rateLimitPerHour: 1_000_000 },
      tuning: { ...FAST_TUNING, budgetWindowMs: 400, throttle: { write: { maxConcurrent: 8, minTimeMs: 0 } } },
    });
  }, 60_000);
  afterAll(async () => { await stack.close(); });

  test("When the job runs through 429s, 5xx, drops, slow answers and a spent budget, then every item ends once and Bitbucket holds the plan", async () => {
    await stack.owner.put("/api/settings", { hourlyCallBudget: 10_000, concurrency: 16 }).expect(200);
    // A large project is read in the background (202 with progress meanwhile); plan once it is stored.
    for (let i = 0; (await stack.owner.get("/api/projects/BIG/access")).status !== 200; i++) {
      if (i > 600) throw new Error("the 1,000-repository project was not read within 30 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const plan = (await stack.owner.post("/api/projects/BIG/plans", {
      principal: { type: "group", slug: "developers" }, permission: "write", scope: "repositories",
    }).expect(201)).body as Plan;
    expect(plan.summary).toEqual({ grant: REPOS - NOOPS - CHANGES, change: CHANGES, revoke: 0, noop: NOOPS });

    // Squeeze the budget (at most 250 calls in any 400 ms) and break Bitbucket, then let the worker go.
    await stack.owner.put("/api/settings", { hourlyCallBudget: 250, concurrency: 12 }).expect(200);
    const gone = Array.from({ length: GONE }, (_, k) => slug(REPOS - k));
    for (const repo of gone) {
      const res = await fetch(`${stack.sim.url}/__sim/events`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ type: "delete", workspace: "acme", repo }) });
      expect(res.ok).toBe(true);
    }
    await stack.webhooksDelivered();
    stack.sim.clearRequests();
    stack.sim.setFaults([
      { method: "PUT", pathGlob: WRITES, status: 429, probability: 0.15 },
      { method: "PUT", pathGlob: WRITES, status: 503, probability: 0.05 },
      { method: "PUT", pathGlob: WRITES, status: 500, probability: 0.03 },
      { method: "PUT", pathGlob: WRITES, status: 502, probability: 0.02 },
      { method: "PUT", pathGlob: WRITES, drop: true, probability: 0.03 },
      { method: "PUT", pathGlob: WRITES, delayMs: 150, jitterMs: 100, probability: 0.03 },
    ]);
    const started = Date.now();
    const { jobId } = (await stack.owner.post(`/api/plans/${plan.id}/apply`).expect(202)).body as JobStarted;
    stack.startWorker("fan-out", { maxInFlight: 12, leaseMs: 10_000 });

    const job: Job = await stack.waitForJob(jobId, 100_000);
    const seconds = (Date.now() - started) / 1000;
    stack.sim.setFaults([]);

    // Every item ended, once: done or failed with a reason; none lost, none cancelled.
    const total = REPOS - NOOPS;
    expect(job).toMatchObject({ state: "failed", total, done: total - GONE, failed: GONE, cancelled: 0 });
    expect(job.items).toHaveLength(total);
    expect(new Set(job.items.map((i) => i.repository?.uuid)).size).toBe(total);
    const failed = job.items.filter((i) => i.state === "failed");
    expect(failed.map((i) => i.repository?.slug).sort()).toEqual([...gone].sort());
    for (const item of failed) expect(item.error).toEqual(expect.stringMatching(/\w{8,}/));
    expect(job.items.filter((i) => i.state !== "done" && i.state !== "failed")).toEqual([]);

    // One audit row per item: nothing twice-counted.
    const audit = ((await stack.owner.get(`/api/audit?project=BIG&limit=10000`).expect(200)).body as AuditResponse).values.filter((e) => e.jobId === jobId);
    expect(audit).toHaveLength(total);
    expect(new Set(audit.map((e) => e.repository?.uuid)).size).toBe(total);
    expect(audit.filter((e) => e.result === "done")).toHaveLength(total - GONE);

    // Bitbucket's final state is the plan's `after` for every done item, and untouched for every no-op.
    const bitbucket = simGrants(stack.sim, "acme");
    for (const item of job.items.filter((i) => i.state === "done")) {
      expect({ repo: item.repository?.slug, level: bitbucket.repository(item.repository?.slug ?? "")["group:developers"] }).toEqual({ repo: item.repository?.slug, level: "write" });
    }
    const requests = stack.sim.requests();
    for (let i = 1; i <= NOOPS; i++) expect(bitbucket.repository(slug(i))["group:developers"]).toBe("write");
    const noopUuids = new Set(Array.from({ length: NOOPS }, (_, k) => stack.sim.state.findRepository(stack.sim.state.findWorkspace("acme")!, slug(k + 1))?.uuid));
    expect(requests.filter((r) => r.method !== "GET" && [...noopUuids].some((u) => u !== undefined && decodeURIComponent(r.path).includes(u)))).toEqual([]);

    // The faults really happened (and the budget gate really held calls back).
    const statuses = requests.filter((r) => r.method === "PUT").map((r) => r.status);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    const figures = { seconds, puts: statuses.length, ok: count(200), s429: count(429), s5xx: count(500) + count(502) + count(503), dropped: count(0), s404: count(404) };
    process.stdout.write(`fan-out figures: ${JSON.stringify(figures)}\n`);
    expect(figures.s429).toBeGreaterThan(50);
    expect(figures.s5xx).toBeGreaterThan(20);
    expect(figures.dropped).toBeGreaterThan(5);
  }, 120_000);
});
