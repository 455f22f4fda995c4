import type { Knex } from "knex";

/**
 * ACE's sequelize store tables (lib/store/sequelize.js in atlassian-connect-express 11.5.3), created here with the exact
 * names, columns and index names sequelize's `sync()` would use, so that its sync finds them and changes nothing. That keeps
 * the whole schema under versioned migrations (knex's migration lock serialises several instances starting together on
 * PostgreSQL, where concurrent `CREATE TABLE IF NOT EXISTS` can race).
 */
async function createAceStoreTables(knex: Knex): Promise<void> {
  await knex.schema.createTable("AddonSettings", (t) => {
    t.increments("id");
    t.string("clientKey", 255);
    t.string("key", 255);
    t.json("val");
    t.index(["clientKey", "key"], "addon_settings_client_key_key");
  });
  await knex.schema.createTable("InstallationClientKeys", (t) => {
    t.increments("id");
    t.string("installationId", 255).notNullable();
    t.string("clientKey", 255).notNullable();
    t.index(["installationId"], "installation_client_keys_installation_id");
    t.index(["clientKey"], "installation_client_keys_client_key");
  });
  await knex.schema.createTable("ForgeSettings", (t) => {
    t.increments("id");
    t.string("installationId", 255).notNullable();
    t.string("key", 255).notNullable();
    t.json("val").notNullable();
    t.index(["installationId", "key"], "forge_settings_installation_id_key");
  });
}

/**
 * Tenants as the app knows them, beside ACE's own AddonSettings row (key `clientInfo`) that holds the shared secret.
 * Every tenant-owned table carries `client_key`; where it can, it references tenants with ON DELETE CASCADE.
 * Uninstall deletes every row of every table with a `client_key` (or ACE's `clientKey`) column: src/db/tenant-data.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await createAceStoreTables(knex);
  await knex.schema.createTable("tenants", (t) => {
    t.string("client_key", 255).primary();
    t.string("workspace_uuid", 64).notNullable();
    t.string("workspace_slug", 255);
    t.string("base_api_url", 255).notNullable();
    t.bigInteger("installed_at").notNullable();
    t.index(["workspace_uuid"]);
  });
  await knex.schema.createTable("workspace_settings", (t) => {
    t.string("client_key", 255).primary().references("client_key").inTable("tenants").onDelete("CASCADE");
    t.integer("hourly_call_budget").notNullable();
    t.integer("concurrency").notNullable();
    t.bigInteger("updated_at").notNullable();
  });
  await knex.schema.createTable("write_credentials", (t) => {
    t.string("client_key", 255).primary().references("client_key").inTable("tenants").onDelete("CASCADE");
    t.string("email", 320).notNullable();
    /** src/crypto/secret-box.ts: `v1:` + base64(iv(12) || tag(16) || ciphertext), AES-256-GCM, AAD = client_key. */
    t.text("token_sealed").notNullable();
    t.string("account_uuid", 64).notNullable();
    t.string("account_display_name", 255);
    t.bigInteger("validated_at").notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("write_credentials");
  await knex.schema.dropTable("workspace_settings");
  await knex.schema.dropTable("tenants");
  await knex.schema.dropTable("ForgeSettings");
  await knex.schema.dropTable("InstallationClientKeys");
  await knex.schema.dropTable("AddonSettings");
}
