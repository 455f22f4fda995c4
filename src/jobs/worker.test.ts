// Database-backed through ./test-support/store-fixture (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import { openDatabase, type Database } from "../db/database";
import { openStoreFixture, type StoreFixture } from "./test-support/store-fixture";
import { createAuditLog } from "./audit";
import type { JobStore } from "./job-store";
import type { JobItemRow } from "./rows";
import { DEFAULT_OUTCOME_POLICY, type OutcomePolicy } from "./outcome-policy";
import { createJobWorker, type ItemExecutor, type JobWorkerOptions } from "./worker";
import {
  aJob, badRequest, budgetExhausted, credentialRejected, deferred, eventually, rateLimited, recordingExecutor, repoItem,
  serverError, TENANT, type FakeClock,
} from "./test-support/fixtures";

const LEASE_MS = 30_000;
const POLICY: OutcomePolicy = { ...DEFAULT_OUTCOME_POLICY, maxRetries: 3, backoff: { baseMs: 1000, factor: 2, maxMs: 60_000, jitter: 0 } };

describe("job worker", () => {
  let fixture: StoreFixture;
  let db: Database;
  let clock: FakeClock;
  let store: JobStore;

  beforeEach(async () => { fixture = await openStoreFixture(); ({ db, clock, store } = fixture); });
  afterEach(() => fixture.close());

  const worker = (executor: ItemExecutor, more: Partial<JobWorkerOptions> = {}) =>
    createJobWorker({ db, executor, workerId: "w1", clock: clock.now, leaseMs: LEASE_MS, policy: POLICY, concurrencyFor: () => Promise.resolve(8), ...more });
  const audit = () => createAuditLog({ db }).queryAudit(TENANT);

  test("When Bitbucket answers 5xx, then the item is rescheduled with backoff, not failed, and succeeds later", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    let calls = 0;
    const w = worker(recordingExecutor(() => (++calls === 1 ? Promise.reject(serverError()) : Promise.resolve())));
    expect(await w.runOnce()).toBe(1);
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "running", pending: 1, failed: 0 });
    clock.advance(999);
    expect(await w.runOnce()).toBe(0);
    clock.advance(1);
    expect(await w.runOnce()).toBe(1);
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "succeeded", done: 1, failed: 0 });
    expect((await audit()).map((a) => a.result)).toEqual(["done"]);
  });

  test("When the budget is spent, then the item waits until the budget's retry time without spending a retry", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    let calls = 0;
    const w = worker(recordingExecutor(() => (++calls <= 5 ? Promise.reject(budgetExhausted(clock.now() + 600_000)) : Promise.resolve())));
    for (let i = 0; i < 5; i++) {
      expect(await w.runOnce()).toBe(1);
      clock.advance(599_999);
      expect(await w.runOnce()).toBe(0);
      clock.advance(1);
    }
    expect(await w.runOnce()).toBe(1);
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "succeeded" });
    expect(await db.knex<JobItemRow>("job_items").first("retries", "attempts")).toMatchObject({ retries: 0, attempts: 6 });
  });

  test("When Bitbucket keeps answering 429, then the item never fails and its backoff grows", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    const w = worker(recordingExecutor(() => Promise.reject(rateLimited())));
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect(await w.runOnce()).toBe(1);
      const row = await db.knex<JobItemRow>("job_items").first("not_before_ms");
      waits.push(Number(row?.not_before_ms) - clock.now());
      clock.set(Number(row?.not_before_ms));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "running", failed: 0, pending: 1 });
  });

  test("When 5xx persists past the retry limit, then the item fails saying it gave up", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    const w = worker(recordingExecutor(() => Promise.reject(serverError())));
    for (let i = 0; i <= POLICY.maxRetries; i++) {
      expect(await w.runOnce()).toBe(1);
      clock.advance(60_000);
    }
    const job = await store.getJob(TENANT, id);
    expect(job?.state).toBe("failed");
    expect(job?.items[0]?.error).toEqual({ code: "SERVER_ERROR", message: "Gave up after 3 retries: Bitbucket answered 503" });
  });

  test("When Bitbucket refuses a change, then that item fails with Bitbucket's reason and the others go on", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2)]));
    const w = worker(recordingExecutor((item) => (item.seq === 0 ? Promise.reject(badRequest("User is not a member of the workspace")) : Promise.resolve())));
    await w.runOnce();
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ state: "failed", done: 1, failed: 1 });
    expect(job?.items[0]?.error).toEqual({ code: "BAD_REQUEST", message: "User is not a member of the workspace" });
  });

  test("When Bitbucket refuses the write credential, then the job stops: one call, one reason, the rest failed unattempted", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2), repoItem(3), repoItem(4)]));
    const executor = recordingExecutor(() => Promise.reject(credentialRejected()));
    const w = worker(executor, { maxInFlight: 1 });
    while ((await w.runOnce()) > 0) { /* drain */ }
    expect(executor.executions).toHaveLength(1);
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ state: "failed", failed: 4, stopReason: { code: "JOB_STOPPED" } });
    expect(job?.items[0]?.error?.code).toBe("WRITE_CREDENTIAL_REJECTED");
    expect(job?.items[3]?.error?.message).toMatch(/^Not attempted: the job stopped because Bitbucket refused this credential/);
    const entries = await audit();
    expect(entries).toHaveLength(4);
    expect(entries.every((e) => e.result === "failed")).toBe(true);
    // Once the credential is fixed, retry runs all four.
    const retryId = await store.createRetryJob(TENANT, id, { createdBy: "{admin-uuid}" });
    expect((await store.getJob(TENANT, retryId!))?.total).toBe(4);
  });

  test("When an item needs a retry after its job was stopped, then it fails with the stop reason instead", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2)]));
    const gate = deferred();
    const w = worker(recordingExecutor((item) => (item.seq === 0 ? Promise.reject(credentialRejected()) : gate.promise.then(() => Promise.reject(serverError())))));
    const round = w.runOnce();
    await eventually(async () => (await store.getJob(TENANT, id))?.stopReason !== null);
    gate.resolve();
    await round;
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ state: "failed", failed: 2 });
    expect(job?.items[1]?.error?.code).toBe("JOB_STOPPED");
  });

  test("When a worker dies mid-item, then after its lease expires another worker finishes the item and the dead one's late result is refused", async () => {
    // The crash is simulated in process: worker A's execution never reports back (as after kill -9), and the fake clock
    // runs its lease out. A real kill -9 of a child process is left to the integration tests.
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2)]));
    const hung = deferred();
    const deadExec = recordingExecutor(() => hung.promise);
    const dead = worker(deadExec, { workerId: "dead", maxInFlight: 1 });
    const abandoned = dead.runOnce();
    // Its claim is asynchronous: on PostgreSQL the survivor's claim below could otherwise come first and take both items.
    await eventually(() => Promise.resolve(deadExec.executions.length === 1));
    const survivorExec = recordingExecutor();
    const survivor = worker(survivorExec, { workerId: "survivor" });
    expect(await survivor.runOnce()).toBe(1); // the item the dead worker does not hold
    clock.advance(LEASE_MS);
    expect(await survivor.runOnce()).toBe(1); // its abandoned item
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "succeeded", done: 2 });

    hung.reject(badRequest("late and wrong"));
    await abandoned;
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ state: "succeeded", done: 2, failed: 0 });
    expect(survivorExec.executions.map((e) => e.item.attempts).sort()).toEqual([1, 2]);
    expect((await audit()).map((a) => a.result)).toEqual(["done", "done"]);
  });

  test("When a started worker is stopped, then it finishes its running item and takes no new one", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2), repoItem(3)]));
    const hold = deferred();
    const executor = recordingExecutor(() => hold.promise);
    const w = worker(executor, { maxInFlight: 1, pollMs: 5 });
    w.start();
    await eventually(() => Promise.resolve(executor.executions.length === 1));
    const stopped = w.stop();
    hold.resolve();
    await stopped;
    expect(executor.executions).toHaveLength(1);
    expect(await store.getJob(TENANT, id)).toMatchObject({ done: 1, pending: 2, running: 0 });
  });

  test("When two workers on separate connections share a job, then every item is executed exactly once", async () => {
    const second = await openDatabase(fixture.url);
    try {
      const id = await store.createJob(TENANT, aJob(Array.from({ length: 120 }, (_, i) => repoItem(i))));
      const counts = new Map<number, number>();
      const behaviour = async (item: { id: number }): Promise<void> => {
        counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      };
      const execA = recordingExecutor(behaviour);
      const execB = recordingExecutor(behaviour);
      const common = { leaseMs: LEASE_MS, pollMs: 5, maxInFlight: 6, policy: POLICY, concurrencyFor: () => Promise.resolve(16) };
      const a = createJobWorker({ ...common, executor: execA, db, workerId: "a" });
      const b = createJobWorker({ ...common, executor: execB, db: second, workerId: "b" });
      a.start();
      b.start();
      await eventually(async () => (await store.getJob(TENANT, id))?.state === "succeeded", 20_000);
      await Promise.all([a.stop(), b.stop()]);
      expect(counts.size).toBe(120);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(execA.executions.length + execB.executions.length).toBe(120);
      expect(execA.executions.length).toBeGreaterThan(0);
      expect(execB.executions.length).toBeGreaterThan(0);
      expect(await audit()).toHaveLength(120);
    } finally {
      await second.close();
    }
  });
});
