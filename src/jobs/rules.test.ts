import { openDatabase, type Database } from "../db/database";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";
import { createRuleStore, type RuleStore } from "./rules";
import { CONTRACTORS, fakeClock, OTHER_TENANT, TENANT } from "./test-support/fixtures";

describe("project rules", () => {
  let testDb: TestDatabaseUrl;
  let db: Database;
  let rules: RuleStore;

  beforeEach(async () => {
    testDb = await createTestDatabaseUrl();
    db = await openDatabase(testDb.url);
    rules = createRuleStore({ db, clock: fakeClock().now });
  });
  afterEach(async () => {
    await db.close();
    await testDb.drop();
  });

  test("When a rule is saved twice for one principal, then there is one rule with the latest level", async () => {
    const first = await rules.saveRule(TENANT, { projectKey: "MOBILE", principal: CONTRACTORS, level: "read", createdBy: "{a}", sourceJobId: "job-1" });
    const second = await rules.saveRule(TENANT, { projectKey: "MOBILE", principal: CONTRACTORS, level: "write", createdBy: "{b}", sourceJobId: "job-2" });
    expect(second).toMatchObject({ id: first?.id, level: "write", createdBy: "{b}", sourceJobId: "job-2", principal: CONTRACTORS });
    expect(await rules.listRules(TENANT, { projectKey: "MOBILE" })).toHaveLength(1);
  });

  test("When a revoke is saved as a rule, then the principal's rule is removed", async () => {
    await rules.saveRule(TENANT, { projectKey: "MOBILE", principal: CONTRACTORS, level: "write", createdBy: "{a}" });
    expect(await rules.saveRule(TENANT, { projectKey: "MOBILE", principal: CONTRACTORS, level: "none", createdBy: "{a}" })).toBeNull();
    expect(await rules.listRules(TENANT)).toEqual([]);
  });

  test("When another workspace lists or deletes, then it neither sees nor removes this workspace's rules", async () => {
    const rule = await rules.saveRule(TENANT, { projectKey: "MOBILE", principal: CONTRACTORS, level: "write", createdBy: "{a}" });
    expect(await rules.listRules(OTHER_TENANT)).toEqual([]);
    expect(await rules.deleteRule(OTHER_TENANT, rule!.id)).toBe(false);
    expect(await rules.deleteRule(TENANT, rule!.id)).toBe(true);
    expect(await rules.listRules(TENANT)).toEqual([]);
  });
});
