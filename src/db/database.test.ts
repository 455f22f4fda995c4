import { openDatabase } from "./database";
import { migrations } from "./migrations";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";

describe("openDatabase", () => {
  let testDb: TestDatabaseUrl;
  beforeEach(async () => { testDb = await createTestDatabaseUrl(); });
  afterEach(async () => { await testDb.drop(); });

  test("When opened twice, then the migrations run once and the schema is there", async () => {
    const first = await openDatabase(testDb.url);
    await first.close();
    const second = await openDatabase(testDb.url);
    const [completed] = (await second.knex.migrate.list({ migrationSource: migrations })) as [unknown[], unknown[]];
    expect(await second.knex.schema.hasTable("tenants")).toBe(true);
    expect(completed).toHaveLength((await migrations.getMigrations([])).length);
    await second.close();
  });
});

describe("openDatabase, several processes at once", () => {
  let testDb: TestDatabaseUrl;
  beforeEach(async () => { testDb = await createTestDatabaseUrl(); });
  afterEach(async () => { await testDb.drop(); });

  test("When four openers race on a new database, then all of them open it and the migrations ran once", async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => openDatabase(testDb.url, { retryDelayMs: 100 })));
    const [done] = (await opened[0]!.knex.migrate.list({ migrationSource: migrations })) as [unknown[], unknown[]];
    expect(done).toHaveLength((await migrations.getMigrations([])).length);
    await Promise.all(opened.map((db) => db.close()));
  });
});
