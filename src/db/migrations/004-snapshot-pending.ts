import type { Knex } from "knex";

/**
 * Job results reach a stored snapshot in batches (src/engine/snapshot-batcher.ts). Before a batch's first item counts as
 * done, `pending_batches` goes up and `pending_since_ms` is set; the batch's flush takes them back. A crash between the
 * two leaves them set, so the snapshot is then KNOWN to be missing results and is read again (ADR 006).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable("access_snapshots", (t) => {
    t.integer("pending_batches").notNullable().defaultTo(0);
    t.bigInteger("pending_since_ms").nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable("access_snapshots", (t) => {
    t.dropColumn("pending_since_ms");
    t.dropColumn("pending_batches");
  });
}
