import type { Knex } from "knex";

/**
 * The only way route and engine code should read or write tenant rows: every query it hands out is already filtered by
 * the caller's clientKey, and every insert gets it stamped on. An id from a URL then can never reach another workspace's
 * row: a foreign id simply finds nothing, and the route answers 404.
 *
 * ```ts
 * const scope = tenantScope(db.knex, tenant.clientKey);
 * const job = await scope.from("jobs").where({ id: req.params.id }).first();   // undefined for workspace B's id
 * if (!job) throw new ApiError(404, "NOT_FOUND", "No such job");
 * ```
 */
export interface TenantScope {
  readonly clientKey: string;
  /** `SELECT/UPDATE/DELETE … FROM table WHERE table.client_key = clientKey …`. */
  from(table: string): Knex.QueryBuilder;
  /** Inserts rows with `client_key` set (any `client_key` in `row` is overwritten). */
  insert(table: string, row: Record<string, unknown> | Record<string, unknown>[]): Knex.QueryBuilder;
}

export function tenantScope(knex: Knex | Knex.Transaction, clientKey: string): TenantScope {
  if (clientKey === "") throw new Error("tenantScope needs a clientKey");
  return {
    clientKey,
    from: (table) => knex(table).where(`${table}.client_key`, clientKey),
    insert: (table, row) =>
      knex(table).insert(Array.isArray(row) ? row.map((r) => ({ ...r, client_key: clientKey })) : { ...row, client_key: clientKey }),
  };
}
