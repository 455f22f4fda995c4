import type { AccessSnapshot } from "../access";
import { openDatabase, type Database } from "../db/database";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";
import { createSnapshotBatcher } from "./snapshot-batcher";
import { createSnapshotStore, type SnapshotStore } from "./snapshot-store";

const REPOS = 50;
const snapshot = (key: string): AccessSnapshot => ({
  workspace: { uuid: "{w}", slug: "acme" },
  project: { key, uuid: `{p-${key}}`, name: key },
  asOfMs: 1_000,
  repositories: Array.from({ length: REPOS }, (_, i) => ({ uuid: `{r${i}}`, slug: `r${i}`, name: `r${i}` })),
  projectGrants: [],
  repositoryGrants: [],
  workspaceAdmins: [],
  members: [],
  groups: [],
});
const item = (i: number) => ({
  principal: { type: "group" as const, slug: "devs" }, target: "repository" as const, repository: { uuid: `{r${i}}`, slug: `r${i}` }, after: "write" as const,
});
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("snapshot batcher", () => {
  let testDb: TestDatabaseUrl;
  let db: Database;
  let store: SnapshotStore;
  beforeAll(async () => { testDb = await createTestDatabaseUrl(); db = await openDatabase(testDb.url); store = createSnapshotStore(db, () => 5_000); });
  afterAll(async () => { await db.close(); await testDb.drop(); });

  test("When 50 items are done, then the stored snapshot is rewritten once per batch, not once per item, and holds every result", async () => {
    await store.save("ws", snapshot("P1"));
    const update = jest.fn((...args: Parameters<SnapshotStore["update"]>) => store.update(...args));
    const counting: SnapshotStore = { ...store, update };
    const batcher = createSnapshotBatcher({ snapshots: counting, logger: silent, clock: Date.now, options: { maxItems: 20, maxDelayMs: 60_000 } });
    await Promise.all(Array.from({ length: REPOS }, (_, i) => batcher.add("ws", "P1", item(i))));
    await batcher.flush();
    expect(update).toHaveBeenCalledTimes(3);
    const stored = await store.get("ws", "P1");
    expect(stored?.snapshot.repositoryGrants).toHaveLength(REPOS);
    expect(stored?.pendingSinceMs).toBeUndefined();
  });

  test("When an item is done, then the snapshot is marked pending before the item counts as done, and a lost batch leaves the mark (known stale)", async () => {
    await store.save("ws", snapshot("P2"));
    // This batcher "crashes": its batch is never written.
    const crashed = createSnapshotBatcher({ snapshots: store, logger: silent, clock: Date.now, options: { maxItems: 1000, maxDelayMs: 60_000 } });
    await crashed.add("ws", "P2", item(0));
    const stored = await store.get("ws", "P2");
    expect(stored?.pendingSinceMs).toBe(5_000);
    expect(stored?.snapshot.repositoryGrants).toHaveLength(0);
  });

  test("When a batch's delay passes, then it is written without a flush", async () => {
    await store.save("ws", snapshot("P3"));
    const batcher = createSnapshotBatcher({ snapshots: store, logger: silent, clock: Date.now, options: { maxItems: 1000, maxDelayMs: 20 } });
    await batcher.add("ws", "P3", item(1));
    const deadline = Date.now() + 2_000;
    while ((await store.get("ws", "P3"))?.snapshot.repositoryGrants.length !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect((await store.get("ws", "P3"))?.snapshot.repositoryGrants).toHaveLength(1);
    expect((await store.get("ws", "P3"))?.pendingSinceMs).toBeUndefined();
  });
});
