// Database-backed through ./test-support/store-fixture (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { Database } from "../db/database";
import { openStoreFixture, type StoreFixture } from "./test-support/store-fixture";
import { claimItems, type ClaimOptions } from "./claim";
import type { JobStore } from "./job-store";
import { finishItem, renewLease } from "./leases";
import { aJob, OTHER_TENANT, repoItem, TENANT, type FakeClock } from "./test-support/fixtures";

const LEASE_MS = 30_000;

describe("claiming items with leases", () => {
  let fixture: StoreFixture;
  let db: Database;
  let clock: FakeClock;
  let store: JobStore;
  const opts = (limit: number, concurrency = 100): ClaimOptions => ({ limit, leaseMs: LEASE_MS, nowMs: clock.now(), concurrencyFor: () => Promise.resolve(concurrency) });

  beforeEach(async () => { fixture = await openStoreFixture(); ({ db, clock, store } = fixture); });
  afterEach(() => fixture.close());

  test("When a worker claims, then it leases pending items in order and the job is running", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2), repoItem(3)]));
    const claimed = await claimItems(db, "w1", opts(2));
    expect(claimed.map((c) => c.item.repository?.slug)).toEqual(["repo-1", "repo-2"]);
    expect(claimed[0]).toMatchObject({ item: { jobId: id, clientKey: TENANT, attempts: 1, leaseExpiresMs: clock.now() + LEASE_MS }, job: { id, projectKey: "MOBILE", kind: "apply", budgetKey: "user:ada@example.com" } });
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "running", running: 2, pending: 1 });
    // Leased items are nobody else's; only the third is left.
    expect((await claimItems(db, "w2", opts(10))).map((c) => c.item.repository?.slug)).toEqual(["repo-3"]);
    expect(await claimItems(db, "w3", opts(10))).toEqual([]);
  });

  test("When a lease expires, then another worker reclaims the item and the first worker cannot complete it", async () => {
    await store.createJob(TENANT, aJob([repoItem(1)]));
    const [first] = await claimItems(db, "w1", opts(1));
    clock.advance(LEASE_MS - 1);
    expect(await claimItems(db, "w2", opts(1))).toEqual([]);
    clock.advance(1);
    const [second] = await claimItems(db, "w2", opts(1));
    expect(second?.item).toMatchObject({ id: first?.item.id, attempts: 2 });

    const stale = await finishItem(db, { workerId: "w1", itemId: first!.item.id, jobId: first!.item.jobId, nowMs: clock.now(), outcome: { kind: "failed", error: { code: "X", message: "stale" } } });
    expect(stale).toBe(false);
    expect(await renewLease(db, "w1", first!.item.id, LEASE_MS, clock.now())).toBe(false);
    const fresh = await finishItem(db, { workerId: "w2", itemId: second!.item.id, jobId: second!.item.jobId, nowMs: clock.now(), outcome: { kind: "done" } });
    expect(fresh).toBe(true);
    expect(await store.getJob(TENANT, first!.item.jobId)).toMatchObject({ state: "succeeded", done: 1, failed: 0 });
  });

  test("When a worker renews its lease, then nobody reclaims the item", async () => {
    await store.createJob(TENANT, aJob([repoItem(1)]));
    const [mine] = await claimItems(db, "w1", opts(1));
    clock.advance(LEASE_MS - 1);
    expect(await renewLease(db, "w1", mine!.item.id, LEASE_MS, clock.now())).toBe(true);
    clock.advance(LEASE_MS - 1);
    expect(await claimItems(db, "w2", opts(1))).toEqual([]);
  });

  test("When an item's not_before is in the future, then it is not claimed until then", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1)]));
    const [c] = await claimItems(db, "w1", opts(1));
    await finishItem(db, { workerId: "w1", itemId: c!.item.id, jobId: id, nowMs: clock.now(), outcome: { kind: "retry", notBeforeMs: clock.now() + 10_000, counted: true, error: { code: "SERVER_ERROR", message: "503" } } });
    clock.advance(9_999);
    expect(await claimItems(db, "w1", opts(1))).toEqual([]);
    clock.advance(1);
    expect(await claimItems(db, "w1", opts(1))).toHaveLength(1);
  });

  test("When a workspace is at its concurrency, then other workers get none of its items but still get other workspaces'", async () => {
    await store.createJob(TENANT, aJob([repoItem(1), repoItem(2), repoItem(3)]));
    await store.createJob(OTHER_TENANT, aJob([repoItem(9)]));
    expect(await claimItems(db, "w1", opts(10, 2))).toHaveLength(3); // two of TENANT, one of OTHER_TENANT
    const more = await claimItems(db, "w2", opts(10, 2));
    expect(more).toEqual([]);
    clock.advance(LEASE_MS); // the leases expire: the items count as abandoned, not in flight
    expect(await claimItems(db, "w2", opts(10, 2))).toHaveLength(3);
  });

  test("When a job is cancelled, then its pending items are not claimed, but an expired lease of it is, so the job can end", async () => {
    const id = await store.createJob(TENANT, aJob([repoItem(1), repoItem(2)]));
    const [held] = await claimItems(db, "w1", opts(1));
    await store.cancelJob(TENANT, id, "{canceller}");
    expect(await claimItems(db, "w2", opts(10))).toEqual([]);
    clock.advance(LEASE_MS);
    const [taken] = await claimItems(db, "w2", opts(10));
    expect(taken?.item.id).toBe(held?.item.id);
    await finishItem(db, { workerId: "w2", itemId: taken!.item.id, jobId: id, nowMs: clock.now(), outcome: { kind: "done" } });
    expect(await store.getJob(TENANT, id)).toMatchObject({ state: "cancelled", done: 1, cancelled: 1 });
  });
});
