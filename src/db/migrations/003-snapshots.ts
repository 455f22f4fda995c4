import type { Knex } from "knex";

/**
 * A project's access snapshot (src/access AccessSnapshot) as last read from Bitbucket and kept current by job results and
 * repository webhooks, one row per (client_key, project_key). Stored as JSON text, like the plans of 002, so SQLite and
 * PostgreSQL read it back the same way. `as_of_ms` is when Bitbucket was last read (the snapshot's own `asOfMs`);
 * `updated_at` moves with every local update, so "stale" is judged by the read, not by the last job result.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("access_snapshots", (t) => {
    t.string("client_key", 255).notNullable();
    t.string("project_key", 255).notNullable();
    t.string("project_uuid", 64).notNullable();
    t.bigInteger("as_of_ms").notNullable();
    t.bigInteger("updated_at").notNullable();
    t.text("snapshot").notNullable();
    t.primary(["client_key", "project_key"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("access_snapshots");
}
