import type { Knex } from "knex";
import type { Database } from "./database";

/** Column names that mark a row as a tenant's: ours (`client_key`) and ACE's sequelize store (`clientKey`). */
const TENANT_COLUMNS = ["client_key", "clientKey"] as const;

export interface TenantTable {
  readonly table: string;
  readonly column: (typeof TENANT_COLUMNS)[number];
}

/**
 * Every table that holds tenant rows, found by introspection: any table with a `client_key` (or ACE's `clientKey`) column.
 * Introspection instead of a registered list, so a table another engineer adds later is covered without anyone
 * remembering to register it; the uninstall test checks every such table is empty afterwards.
 */
export async function listTenantTables(db: Database): Promise<TenantTable[]> {
  type Row = { table: string; column: string };
  const rows: Row[] =
    db.dialect === "postgres"
      ? (await db.knex.raw<{ rows: Row[] }>(
          `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
           WHERE table_schema = current_schema() AND column_name IN (?, ?)`,
          [...TENANT_COLUMNS],
        )).rows
      : await db.knex.raw<Row[]>(
          `SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m JOIN pragma_table_info(m.name) p
           WHERE m.type = 'table' AND p.name IN (?, ?)`,
          [...TENANT_COLUMNS],
        );
  return rows
    .filter((r): r is TenantTable => (TENANT_COLUMNS as readonly string[]).includes(r.column))
    .sort((a, b) => a.table.localeCompare(b.table));
}

function isForeignKeyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === "23503" || (typeof e.message === "string" && e.message.includes("FOREIGN KEY constraint failed"));
}

/**
 * Deletes every row of one workspace from every tenant table, ACE's stored secret included, in one transaction.
 * Tables are tried in passes, each delete inside a savepoint: a delete refused by a foreign key (a child table that does not
 * cascade) is retried after the others, so the order between future tables never matters.
 * @returns how many rows each table lost
 * @throws when a table still cannot be emptied after every other table was (a foreign key from a non-tenant table)
 */
export async function deleteTenantData(db: Database, clientKey: string): Promise<Record<string, number>> {
  const tables = await listTenantTables(db);
  const deleted: Record<string, number> = {};
  await db.knex.transaction(async (trx) => {
    let pending = tables;
    while (pending.length > 0) {
      const refused: TenantTable[] = [];
      let lastError: unknown;
      for (const t of pending) {
        try {
          deleted[t.table] = (deleted[t.table] ?? 0) + (await deleteInSavepoint(trx, t, clientKey));
        } catch (error) {
          if (!isForeignKeyViolation(error)) throw error;
          refused.push(t);
          lastError = error;
        }
      }
      if (refused.length === pending.length) throw lastError;
      pending = refused;
    }
  });
  return deleted;
}

async function deleteInSavepoint(trx: Knex.Transaction, t: TenantTable, clientKey: string): Promise<number> {
  return trx.transaction(async (sp) => {
    const count: unknown = await sp(t.table).where(t.column, clientKey).delete();
    return typeof count === "number" ? count : 0;
  });
}
