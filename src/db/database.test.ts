import knexFactory from "knex";
import { dialectOf, openDatabase, sqliteFileOf } from "./database";
import { migrations } from "./migrations";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";

// Every test gets a database of its own, dropped afterwards.
let testDb: TestDatabaseUrl;
beforeEach(async () => { testDb = await createTestDatabaseUrl(); });
afterEach(async () => { await testDb.drop(); });

describe("openDatabase", () => {
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
  test("When four openers race on a new database, then all of them open it and the migrations ran once", async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => openDatabase(testDb.url, { retryDelayMs: 100 })));
    const [done] = (await opened[0]!.knex.migrate.list({ migrationSource: migrations })) as [unknown[], unknown[]];
    expect(done).toHaveLength((await migrations.getMigrations([])).length);
    await Promise.all(opened.map((db) => db.close()));
  }, 60_000);
});

describe("openDatabase, a lock table left with two rows", () => {
  test("When two openers both inserted knex's lock row, then the next opener repairs it and migrates", async () => {
    // What two openers racing on a new database leave behind: knex's two tables, and a lock row from each.
    const raw = knexFactory(dialectOf(testDb.url) === "sqlite"
      ? { client: "sqlite3", connection: { filename: sqliteFileOf(testDb.url) }, useNullAsDefault: true }
      : { client: "pg", connection: testDb.url });
    try {
      await raw.schema.createTable("knex_migrations", (t) => { t.increments("id"); t.string("name"); t.integer("batch"); t.timestamp("migration_time"); });
      await raw.schema.createTable("knex_migrations_lock", (t) => { t.increments("index"); t.integer("is_locked"); });
      await raw("knex_migrations_lock").insert([{ is_locked: 0 }, { is_locked: 0 }]);
    } finally {
      await raw.destroy();
    }
    const db = await openDatabase(testDb.url, { retryDelayMs: 10 });
    try {
      expect(await db.knex.schema.hasTable("tenants")).toBe(true);
      expect(Number((await db.knex("knex_migrations_lock").count({ n: "*" }).first())?.n)).toBe(1);
    } finally {
      await db.close();
    }
  }, 60_000);
});

describe("openDatabase, reads beside a write", () => {
  test("When a write transaction is open, then reads through `reader` answer at once from the last commit", async () => {
    const db = await openDatabase(testDb.url);
    try {
      // A table of the test's own: the reader's behaviour does not depend on the app's schema.
      await db.knex.schema.createTable("reader_probe", (table) => { table.string("name"); });
      await db.knex("reader_probe").insert({ name: "committed" });
      let finishWrite: () => void = () => undefined;
      const writeHeld = new Promise<void>((resolve) => { finishWrite = resolve; });
      let inWrite: () => void = () => undefined;
      const writeStarted = new Promise<void>((resolve) => { inWrite = resolve; });
      const write = db.knex.transaction(async (trx) => {
        await trx("reader_probe").insert({ name: "uncommitted" });
        inWrite();
        await writeHeld;
      });
      await writeStarted;
      // On SQLite the write holds knex's only connection: without a reader of its own this read would wait for the commit.
      const seen = await db.reader("reader_probe").orderBy("name").pluck("name");
      expect(seen).toEqual(["committed"]);
      // The same for the plain-SQL reads, which skip knex on SQLite.
      const names = async () => (await db.readRows<{ name: string }>("SELECT name FROM reader_probe WHERE name <> ? ORDER BY name", ["none"])).map((r) => r.name);
      expect(await names()).toEqual(["committed"]);
      finishWrite();
      await write;
      expect(await db.reader("reader_probe").orderBy("name").pluck("name")).toEqual(["committed", "uncommitted"]);
      expect(await names()).toEqual(["committed", "uncommitted"]);
    } finally {
      await db.close();
    }
  });

  test("When the database is closed, then a plain-SQL read fails instead of opening a connection again", async () => {
    const db = await openDatabase(testDb.url);
    expect(await db.readRows<{ one: number }>("SELECT 1 AS one", [])).toEqual([{ one: 1 }]);
    await db.close();
    const outcome = await db.readRows("SELECT 1 AS one", []).then(() => "answered", () => "failed");
    expect(outcome).toBe("failed");
  });

  test("When something writes through `reader` or `readRows`, then it is refused", async () => {
    const db = await openDatabase(testDb.url);
    try {
      await db.knex.schema.createTable("reader_probe", (table) => { table.string("name"); });
      if (db.dialect !== "sqlite") return; // PostgreSQL: one pool for both, so the reader is the writer; nothing to refuse
      // The outcome as text rather than `rejects.toThrow`: the driver's error may come from another realm (jest's vm), and
      // a failure should say whether the write went through or failed for another reason.
      const outcome = await db.reader("reader_probe").insert({ name: "sneaky" })
        .then(() => "written", (error: unknown) => String((error as { message?: unknown } | null)?.message ?? error));
      expect(outcome).toMatch(/readonly|read-only/i);
      // RETURNING, so the statement is one that answers rows and only the read-only connection can refuse it.
      const plainOutcome = await db.readRows("INSERT INTO reader_probe (name) VALUES (?) RETURNING name", ["sneaky"])
        .then(() => "written", (error: unknown) => String((error as { message?: unknown } | null)?.message ?? error));
      expect(plainOutcome).toMatch(/readonly|read-only/i);
      expect(await db.knex("reader_probe").pluck("name")).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
