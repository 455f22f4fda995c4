import { openDatabase, type Database } from "./database";
import { deleteTenantData, listTenantTables } from "./tenant-data";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../../test/helpers/test-database";

describe("deleteTenantData", () => {
  let testDb: TestDatabaseUrl;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabaseUrl();
    db = await openDatabase(testDb.url);
    // Deliberately named so the parent sorts first: its delete is refused by the child's foreign key until the child is empty.
    await db.knex.schema.createTable("fk_a_parent", (t) => {
      t.increments("id");
      t.string("client_key", 255).notNullable();
    });
    await db.knex.schema.createTable("fk_b_child", (t) => {
      t.increments("id");
      t.string("client_key", 255).notNullable();
      t.integer("parent_id").notNullable().references("id").inTable("fk_a_parent");
    });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  test("When a table added later holds tenant rows behind a non-cascading foreign key, then they are still all deleted, and only that tenant's", async () => {
    for (const key of ["tenant-a", "tenant-b"]) {
      const [parent] = await db.knex<{ id: number; client_key: string }>("fk_a_parent").insert({ client_key: key }, ["id"]);
      await db.knex("fk_b_child").insert({ client_key: key, parent_id: parent!.id });
      await db.knex("AddonSettings").insert({ clientKey: key, key: "clientInfo", val: JSON.stringify({ sharedSecret: "s" }) });
    }
    const deleted = await deleteTenantData(db, "tenant-a");
    expect(deleted).toMatchObject({ fk_a_parent: 1, fk_b_child: 1, AddonSettings: 1 });
    for (const t of await listTenantTables(db)) {
      expect(await db.knex(t.table).where(t.column, "tenant-a").select()).toEqual([]);
    }
    expect(await db.knex("fk_b_child").where({ client_key: "tenant-b" }).select()).toHaveLength(1);
    expect(await db.knex("AddonSettings").where({ clientKey: "tenant-b" }).select()).toHaveLength(1);
  });
});
