import { openDatabase, type Database } from "../db/database";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";
import { createPlanStore, jobItemsOfPlan, type PlanLike } from "./plan-store";
import { CONTRACTORS, fakeClock, OTHER_TENANT, TENANT } from "./test-support/fixtures";

interface TestPlan extends PlanLike { readonly alsoForNewRepositories: boolean; readonly snapshotAsOfMs: number }

const plan: TestPlan = {
  projectKey: "MOBILE", principal: CONTRACTORS, permission: "write", scope: "repositories", alsoForNewRepositories: true, snapshotAsOfMs: 42,
  items: [{ target: "repository", repository: { slug: "api", uuid: "{r1}" }, before: "none", after: "write" }],
  summary: { grant: 1, change: 0, revoke: 0, noop: 3 }, warnings: [{ code: "PROJECT_GRANT_WOULD_DO", message: "…" }], estimate: { apiCalls: 1, seconds: 4 },
};

describe("plan store", () => {
  let testDb: TestDatabaseUrl;
  let db: Database;

  beforeEach(async () => {
    testDb = await createTestDatabaseUrl();
    db = await openDatabase(testDb.url);
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  test("When a plan is saved, then it reads back whole for its workspace and as null for another", async () => {
    const store = createPlanStore<TestPlan>({ db, clock: fakeClock(1000).now });
    const saved = await store.savePlan(TENANT, { plan, request: { permission: "write" }, createdBy: "{admin}" });
    const read = await store.getPlan(TENANT, saved.id);
    expect(read).toEqual({ id: saved.id, clientKey: TENANT, createdBy: "{admin}", createdAtMs: 1000, request: { permission: "write" }, plan });
    expect(await store.getPlan(OTHER_TENANT, saved.id)).toBeNull();
  });

  test("When a plan becomes a job, then each item carries the plan's principal", () => {
    expect(jobItemsOfPlan(plan)).toEqual([{ target: "repository", repository: { slug: "api", uuid: "{r1}" }, principal: CONTRACTORS, before: "none", after: "write" }]);
  });
});
