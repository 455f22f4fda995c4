import type { AccessSnapshot } from "../access";
import { openDatabase, type Database } from "../db/database";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";
import { createSnapshotStore } from "./snapshot-store";

const snapshot = (key: string, repos: string[]): AccessSnapshot => ({
  workspace: { uuid: "{w}", slug: "acme" },
  project: { key, uuid: `{p-${key}}`, name: key },
  asOfMs: 1_000,
  repositories: repos.map((r) => ({ uuid: `{${r}}`, slug: r, name: r })),
  projectGrants: [],
  repositoryGrants: [],
  workspaceAdmins: [],
  members: [],
  groups: [],
});

describe("snapshot store", () => {
  let testDb: TestDatabaseUrl;
  let db: Database;
  beforeAll(async () => { testDb = await createTestDatabaseUrl(); db = await openDatabase(testDb.url); });
  afterAll(async () => { await db.close(); await testDb.drop(); });

  test("When a snapshot is saved, then only its own workspace reads it back, with its as-of time", async () => {
    const store = createSnapshotStore(db, () => 5_000);
    await store.save("ws-a", snapshot("PROJ", ["one"]));
    expect(await store.get("ws-a", "PROJ")).toMatchObject({ asOfMs: 1_000, snapshot: { project: { key: "PROJ" } } });
    expect(await store.get("ws-b", "PROJ")).toBeNull();
  });

  test("When many updates race on one project, then none is lost", async () => {
    const store = createSnapshotStore(db, () => 5_000);
    await store.save("ws-a", snapshot("RACE", []));
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.update("ws-a", "RACE", (s) => ({
      ...s, repositories: [...s.repositories, { uuid: `{r${i}}`, slug: `r${i}`, name: `r${i}` }],
    }))));
    expect((await store.get("ws-a", "RACE"))?.snapshot.repositories).toHaveLength(20);
  });

  test("When a repository is looked for, then the projects listing it are found, and an update of a missing project does nothing", async () => {
    const store = createSnapshotStore(db, () => 5_000);
    await store.save("ws-a", snapshot("FIND", ["needle", "hay"]));
    expect(await store.projectsWithRepository("ws-a", "{needle}")).toEqual(["FIND"]);
    expect(await store.projectsWithRepository("ws-b", "{needle}")).toEqual([]);
    expect(await store.update("ws-a", "MISSING", (s) => s)).toBe(false);
  });
});
