// Database-backed through ./test-support/store-fixture (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { Database } from "../db/database";
import { openStoreFixture, type StoreFixture } from "./test-support/store-fixture";
import { JobConflict, InvalidJobItem } from "./errors";
import type { JobStore } from "./job-store";
import { createJobWorker } from "./worker";
import { aJob, badRequest, CONTRACTORS, deferred, OTHER_TENANT, projectItem, recordingExecutor, repoItem, TENANT, type FakeClock } from "./test-support/fixtures";

describe("job store", () => {
  let fixture: StoreFixture;
  let db: Database;
  let clock: FakeClock;
  let store: JobStore;

  beforeEach(async () => { fixture = await openStoreFixture(); ({ db, clock, store } = fixture); });
  afterEach(() => fixture.close());

  const runAll = async (fail: (slug: string | undefined) => boolean = () => false): Promise<void> => {
    const executor = recordingExecutor((item) => (fail(item.repository?.slug) ? Promise.reject(badRequest(`No such user on ${item.repository?.slug ?? "project"}`)) : Promise.resolve()));
    const worker = createJobWorker({ db, executor, workerId: "w1", clock: clock.now, concurrencyFor: () => Promise.resolve(100) });
    while ((await worker.runOnce()) > 0) { /* drain */ }
  };

  test("When a job is created, then it is stored queued with every item pending, in order", async () => {
    const items = Array.from({ length: 250 }, (_, i) => repoItem(i));
    const id = await store.createJob(TENANT, aJob([projectItem("none", "read"), ...items]));
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ id, kind: "apply", state: "queued", projectKey: "MOBILE", total: 251, pending: 251, done: 0, failed: 0, cancelled: 0 });
    expect(job?.createdBy).toEqual({ id: "{admin-uuid}", name: "Ada Admin" });
    expect(job?.items[0]).toEqual({ target: "project", repository: null, principal: CONTRACTORS, before: "none", after: "read", state: "pending" });
    expect(job?.items[250]?.repository).toEqual({ slug: "repo-249", uuid: "{uuid-249}" });
    expect(job?.etaSeconds).toBeGreaterThan(0);
  });

  test("When storing an item fails half way, then neither the job nor any of its items exist", async () => {
    // A constraint only the database checks, hit by the third insert chunk: the first chunks must roll back with it.
    await db.knex.raw("ALTER TABLE job_items ADD COLUMN sabotage INTEGER CHECK (seq < 250)");
    const items = Array.from({ length: 300 }, (_, i) => repoItem(i));
    await expect(store.createJob(TENANT, aJob(items))).rejects.toThrow();
    expect(Number((await db.knex("jobs").count({ n: "*" }).first())?.n)).toBe(0);
    expect(Number((await db.knex("job_items").count({ n: "*" }).first())?.n)).toBe(0);
  });

  test("When an item contradicts itself, then nothing is stored and the error says which", async () => {
    const broken = { ...repoItem(1), repository: null };
    await expect(store.createJob(TENANT, aJob([repoItem(0), broken]))).rejects.toBeInstanceOf(InvalidJobItem);
    expect(await store.listJobs(TENANT)).toEqual([]);
  });

  test("When a job has no items, then it is finished at once as succeeded", async () => {
    const id = await store.createJob(TENANT, aJob([]));
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "succeeded", total: 0, etaSeconds: null });
  });

  test("When another workspace asks for a job, then it gets null for get, cancel, retry and undo", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    expect(await store.getJob(OTHER_TENANT, id)).toBeNull();
    expect(await store.cancelJob(OTHER_TENANT, id, "{mallory}")).toBeNull();
    expect(await store.createRetryJob(OTHER_TENANT, id, { createdBy: "{mallory}" })).toBeNull();
    expect(await store.createUndoJob(OTHER_TENANT, id, { createdBy: "{mallory}" })).toBeNull();
    expect(await store.listJobs(OTHER_TENANT)).toEqual([]);
    expect((await store.getJob(TENANT, id))?.state).toBe("queued");
  });

  test("When jobs are listed, then they come newest first, filtered by project, without items", async () => {
    const first = await store.createJob(TENANT, aJob([repoItem(1)]));
    clock.advance(1000);
    const second = await store.createJob(TENANT, aJob([repoItem(2)], { projectKey: "WEB" }));
    expect((await store.listJobs(TENANT)).map((j) => j.id)).toEqual([second, first]);
    const web = await store.listJobs(TENANT, { projectKey: "WEB" });
    expect(web.map((j) => j.id)).toEqual([second]);
    expect(web[0]).not.toHaveProperty("items");
  });

  test("When every item is done, then the job succeeds with its finish time", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2)]));
    clock.advance(5000);
    await runAll();
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ state: "succeeded", done: 2, failed: 0, etaSeconds: null, finishedAt: new Date(clock.now()).toISOString() });
    expect(job?.startedAt).not.toBeNull();
  });

  test("When any item fails, then the job ends failed and the item says why", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2)]));
    await runAll((slug) => slug === "repo-2");
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ state: "failed", done: 1, failed: 1 });
    expect(job?.items[1]).toMatchObject({ state: "failed", error: { code: "BAD_REQUEST", message: "No such user on repo-2" } });
    expect(job?.items[0]).not.toHaveProperty("error");
    expect((await store.getJob(TENANT, id, { items: "failed" }))?.items.map((i) => i.repository?.slug)).toEqual(["repo-2"]);
    expect((await store.getJob(TENANT, id, { items: "none" }))?.items).toEqual([]);
  });

  test("When a job is cancelled, then pending items are cancelled, a running one finishes, and the job ends cancelled", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2), repoItem(3)]));
    const hold = deferred();
    const executor = recordingExecutor(() => hold.promise);
    const worker = createJobWorker({ db, executor, workerId: "w1", clock: clock.now, maxInFlight: 1, concurrencyFor: () => Promise.resolve(1) });
    const running = worker.runOnce();
    while (executor.executions.length === 0) await new Promise((r) => setImmediate(r));

    const cancelled = await store.cancelJob(TENANT, id, "{canceller}");
    expect(cancelled).toMatchObject({ state: "running", cancelled: 2, running: 1, cancelRequested: true });
    hold.resolve();
    await running;
    expect(await worker.runOnce()).toBe(0);
    const job = await store.getJob(TENANT, id);
    expect(job).toMatchObject({ state: "cancelled", done: 1, cancelled: 2 });
    expect(job?.items[2]?.error).toEqual({ code: "CANCELLED", message: "Cancelled by {canceller} before it ran." });
    // Cancelling a finished job changes nothing.
    expect((await store.cancelJob(TENANT, id, "{someone}"))?.state).toBe("cancelled");
  });

  test("When a queued job is cancelled, then it ends cancelled at once", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    expect(await store.cancelJob(TENANT, id, "{canceller}")).toMatchObject({ state: "cancelled", cancelled: 1, startedAt: null });
  });

  test("When a finished job with failures is retried, then a retry job holds exactly its failed items", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2), repoItem(3)], { principal: CONTRACTORS, permission: "write" }));
    await runAll((slug) => slug !== "repo-2");
    const retryId = await store.createRetryJob(TENANT, id, { createdBy: "{other-admin}" });
    const retry = await store.getJob(TENANT, retryId!);
    expect(retry).toMatchObject({ kind: "retry", state: "queued", total: 2, sourceJobId: id, createdBy: { id: "{other-admin}" }, permission: "write", principal: CONTRACTORS });
    expect(retry?.items.map((i) => [i.repository?.slug, i.before, i.after])).toEqual([["repo-1", "none", "write"], ["repo-3", "none", "write"]]);
    await runAll();
    expect((await store.getJob(TENANT, retryId!))?.state).toBe("succeeded");
    await expect(store.createRetryJob(TENANT, retryId!, { createdBy: "x" })).rejects.toMatchObject({ code: "NOTHING_TO_RETRY" });
  });

  test("When a running job is retried or undone, then it is refused as not finished", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    await expect(store.createRetryJob(TENANT, id, { createdBy: "x" })).rejects.toBeInstanceOf(JobConflict);
    await expect(store.createUndoJob(TENANT, id, { createdBy: "x" })).rejects.toMatchObject({ code: "JOB_NOT_FINISHED" });
  });

  test("When a job is undone, then only its done items are inverted, newest first, and undoing the undo restores the change", async () => {
    const id = await store.createJob(TENANT, aJob([projectItem("read", "write"), repoItem(1, "none", "write"), repoItem(2, "admin", "none"), repoItem(3)]));
    await runAll((slug) => slug === "repo-3");
    const undoId = await store.createUndoJob(TENANT, id, { createdBy: "{admin-uuid}" });
    const undo = await store.getJob(TENANT, undoId!);
    expect(undo).toMatchObject({ kind: "undo", sourceJobId: id, total: 3, permission: null });
    expect(undo?.items.map((i) => [i.repository?.slug ?? "project", i.before, i.after])).toEqual([
      ["repo-2", "none", "admin"], ["repo-1", "write", "none"], ["project", "write", "read"],
    ]);
    await runAll();
    const redoId = await store.createUndoJob(TENANT, undoId!, { createdBy: "{admin-uuid}" });
    const redo = await store.getJob(TENANT, redoId!);
    expect(redo?.items.map((i) => [i.repository?.slug ?? "project", i.before, i.after])).toEqual([
      ["project", "read", "write"], ["repo-1", "none", "write"], ["repo-2", "admin", "none"],
    ]);
  });

  test("When nothing of a job was done, then undo is refused", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    await runAll(() => true);
    await expect(store.createUndoJob(TENANT, id, { createdBy: "x" })).rejects.toMatchObject({ code: "NOTHING_TO_UNDO" });
  });
});
