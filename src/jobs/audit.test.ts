// Database-backed through ./test-support/store-fixture (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { Database } from "../db/database";
import { openStoreFixture, type StoreFixture } from "./test-support/store-fixture";
import type { Principal } from "../access/principal";
import { createAuditLog } from "./audit";
import type { JobStore } from "./job-store";
import { createJobWorker } from "./worker";
import { aJob, badRequest, CONTRACTORS, OTHER_TENANT, projectItem, recordingExecutor, repoItem, TENANT, type FakeClock } from "./test-support/fixtures";

const ALICE: Principal = { type: "user", uuid: "{alice}", name: "Alice" };

describe("audit log", () => {
  let fixture: StoreFixture;
  let db: Database;
  let clock: FakeClock;
  let store: JobStore;

  beforeEach(async () => { fixture = await openStoreFixture(); ({ db, clock, store } = fixture); });
  afterEach(() => fixture.close());

  const drain = async (): Promise<void> => {
    const executor = recordingExecutor((item) => (item.repository?.slug === "repo-2" ? Promise.reject(badRequest("=HYPERLINK(\"evil\")")) : Promise.resolve()));
    const worker = createJobWorker({ db, executor, workerId: "w", clock: clock.now, maxInFlight: 1, concurrencyFor: () => Promise.resolve(1) });
    while ((await worker.runOnce()) > 0) clock.advance(1000);
  };

  test("When items end done, failed and cancelled, then each outcome has one audit row with who, what and why", async () => {
    const id = await store.createJob(TENANT, aJob([projectItem("read", "write"), repoItem(1), repoItem(2)]));
    const other = await store.createJob(TENANT, aJob([repoItem(3, "none", "read", ALICE)], { projectKey: "WEB" }));
    await store.cancelJob(TENANT, other, "{canceller}");
    clock.advance(1000);
    await drain();

    const entries = await createAuditLog({ db }).queryAudit(TENANT);
    expect(entries.map((e) => [e.repository?.slug ?? e.target, e.result])).toEqual([
      ["repo-2", "failed"], ["repo-1", "done"], ["project", "done"], ["repo-3", "cancelled"],
    ]);
    expect(entries[0]).toMatchObject({
      actor: { id: "{admin-uuid}", name: "Ada Admin" }, projectKey: "MOBILE", target: "repository", principal: CONTRACTORS,
      before: "none", after: "write", jobId: id, error: { code: "BAD_REQUEST", message: "=HYPERLINK(\"evil\")" },
    });
    expect(entries[1]?.error).toBeNull();
    expect(entries[3]).toMatchObject({ jobId: other, principal: ALICE, error: { code: "CANCELLED" } });
    expect(await createAuditLog({ db }).queryAudit(OTHER_TENANT)).toEqual([]);
  });

  test("When the log is filtered by project, principal, time and limit, then only matching rows come back", async () => {
    await store.createJob(TENANT, aJob([repoItem(1)]));
    await drain();
    const cut = clock.now();
    await store.createJob(TENANT, aJob([repoItem(5, "none", "read", ALICE)], { projectKey: "WEB" }));
    await drain();
    const log = createAuditLog({ db });
    expect((await log.queryAudit(TENANT, { projectKey: "WEB" })).map((e) => e.repository?.slug)).toEqual(["repo-5"]);
    expect((await log.queryAudit(TENANT, { principal: ALICE })).map((e) => e.repository?.slug)).toEqual(["repo-5"]);
    expect((await log.queryAudit(TENANT, { principal: "group:contractors" })).map((e) => e.repository?.slug)).toEqual(["repo-1"]);
    expect((await log.queryAudit(TENANT, { sinceMs: cut })).map((e) => e.repository?.slug)).toEqual(["repo-5"]);
    expect((await log.queryAudit(TENANT, { untilMs: cut })).map((e) => e.repository?.slug)).toEqual(["repo-1"]);
    expect(await log.queryAudit(TENANT, { limit: 1 })).toHaveLength(1);
  });
});
