import type { Knex } from "knex";

/**
 * Plans, durable jobs and their items, the rolling call budget, the audit log and saved rules.
 * Every row carries `client_key` and every query filters by it, so one workspace never sees another's ids.
 * Times are epoch milliseconds (bigint); JSON is stored as text so SQLite and PostgreSQL read it the same way.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("plans", (t) => {
    t.string("id", 36).primary();
    t.string("client_key", 255).notNullable();
    t.string("project_key", 255).notNullable();
    t.text("principal").notNullable();
    t.string("principal_key", 300).notNullable();
    t.string("permission", 16).notNullable();
    t.string("scope", 16).notNullable();
    t.text("request").notNullable();
    t.text("items").notNullable();
    t.text("summary").notNullable();
    t.text("warnings").notNullable();
    t.text("estimate");
    /** The rest of the plan object (flags, counts, snapshot time), so a stored plan reads back whole. */
    t.text("details").notNullable();
    t.string("created_by", 255).notNullable();
    t.bigInteger("created_at").notNullable();
    t.index(["client_key", "created_at"]);
  });

  await knex.schema.createTable("jobs", (t) => {
    t.string("id", 36).primary();
    t.string("client_key", 255).notNullable();
    t.string("project_key", 255).notNullable();
    t.string("kind", 16).notNullable();
    t.string("state", 16).notNullable();
    t.string("plan_id", 36);
    t.string("parent_job_id", 36);
    t.string("created_by", 255).notNullable();
    t.string("created_by_name", 255);
    t.bigInteger("created_at").notNullable();
    t.bigInteger("started_at");
    t.bigInteger("finished_at");
    /** The bucket the job's writes are counted in (`user:<email>`), kept so the ETA can use that budget. */
    t.string("budget_key", 400);
    t.integer("total").notNullable();
    t.bigInteger("cancel_requested_at");
    t.string("cancelled_by", 255);
    /** Set when an error stops the whole job (a rejected write credential); no further item is claimed. */
    t.string("stop_code", 64);
    t.text("stop_message");
    /** What the job is about, for lists: the plan's principal (JSON) and requested level; null when mixed. */
    t.text("principal");
    t.string("permission", 16);
    t.index(["client_key", "created_at"]);
    t.index(["client_key", "project_key", "created_at"]);
    t.index(["state"]);
  });

  await knex.schema.createTable("job_items", (t) => {
    t.bigIncrements("id").primary();
    t.string("job_id", 36).notNullable().references("id").inTable("jobs").onDelete("CASCADE");
    t.string("client_key", 255).notNullable();
    t.integer("seq").notNullable();
    t.string("target", 16).notNullable();
    t.string("repository_uuid", 64);
    t.string("repository_slug", 255);
    t.text("principal").notNullable();
    t.string("principal_key", 300).notNullable();
    t.string("before", 16).notNullable();
    t.string("after", 16).notNullable();
    t.string("state", 16).notNullable();
    /** Times the item was handed to a worker. */
    t.integer("attempts").notNullable().defaultTo(0);
    /** Retryable failures (429, 5xx, network) counted against the give-up limit; budget waits are not counted. */
    t.integer("retries").notNullable().defaultTo(0);
    t.bigInteger("not_before_ms").notNullable().defaultTo(0);
    t.string("lease_owner", 255);
    t.bigInteger("lease_expires_ms");
    t.bigInteger("started_at");
    t.string("error_code", 64);
    t.text("error_message");
    t.bigInteger("finished_at");
    t.unique(["job_id", "seq"]);
    // Claiming reads pending items whose not_before passed and running items whose lease expired.
    t.index(["state", "not_before_ms"]);
    t.index(["state", "lease_expires_ms"]);
    t.index(["job_id", "state"]);
    t.index(["client_key", "state"]);
  });

  await knex.schema.createTable("call_budget_log", (t) => {
    t.bigIncrements("id").primary();
    t.string("budget_key", 400).notNullable();
    t.bigInteger("at_ms").notNullable();
    t.integer("calls").notNullable();
    t.index(["budget_key", "at_ms"]);
  });

  await knex.schema.createTable("audit_log", (t) => {
    t.bigIncrements("id").primary();
    t.string("client_key", 255).notNullable();
    t.bigInteger("at_ms").notNullable();
    t.string("actor", 255).notNullable();
    t.string("actor_name", 255);
    t.string("project_key", 255).notNullable();
    t.string("target", 16).notNullable();
    t.string("repository_slug", 255);
    t.string("repository_uuid", 64);
    t.text("principal").notNullable();
    t.string("principal_key", 300).notNullable();
    t.string("before", 16).notNullable();
    t.string("after", 16).notNullable();
    t.string("job_id", 36).notNullable();
    t.string("result", 16).notNullable();
    t.string("error_code", 64);
    t.text("error_message");
    t.index(["client_key", "at_ms"]);
    t.index(["client_key", "project_key", "at_ms"]);
    t.index(["client_key", "principal_key", "at_ms"]);
  });

  await knex.schema.createTable("project_rules", (t) => {
    t.string("id", 36).primary();
    t.string("client_key", 255).notNullable();
    t.string("project_key", 255).notNullable();
    t.text("principal").notNullable();
    t.string("principal_key", 300).notNullable();
    t.string("level", 16).notNullable();
    t.string("created_by", 255).notNullable();
    t.bigInteger("created_at").notNullable();
    t.string("source_job_id", 36);
    t.unique(["client_key", "project_key", "principal_key"]);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable("project_rules");
  await knex.schema.dropTable("audit_log");
  await knex.schema.dropTable("call_budget_log");
  await knex.schema.dropTable("job_items");
  await knex.schema.dropTable("jobs");
  await knex.schema.dropTable("plans");
}
