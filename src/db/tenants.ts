import type { Knex } from "knex";

/** A workspace that installed the app, as the app's own tables know it (ACE's store holds the shared secret). */
export interface Tenant {
  readonly clientKey: string;
  readonly workspaceUuid: string;
  readonly workspaceSlug: string | undefined;
  readonly baseApiUrl: string;
  readonly installedAtMs: number;
}

interface TenantRow {
  client_key: string;
  workspace_uuid: string;
  workspace_slug: string | null;
  base_api_url: string;
  installed_at: number | string;
}

export async function findTenant(knex: Knex, clientKey: string): Promise<Tenant | undefined> {
  const row = (await knex("tenants").where({ client_key: clientKey }).first()) as TenantRow | undefined;
  return row && {
    clientKey: row.client_key,
    workspaceUuid: row.workspace_uuid,
    workspaceSlug: row.workspace_slug ?? undefined,
    baseApiUrl: row.base_api_url,
    installedAtMs: Number(row.installed_at),
  };
}

/** Inserts the tenant, or updates it on a re-install (keeping the tenant's other rows). */
export async function upsertTenant(knex: Knex, tenant: Tenant): Promise<void> {
  await knex("tenants")
    .insert({
      client_key: tenant.clientKey,
      workspace_uuid: tenant.workspaceUuid,
      workspace_slug: tenant.workspaceSlug ?? null,
      base_api_url: tenant.baseApiUrl,
      installed_at: tenant.installedAtMs,
    })
    .onConflict("client_key")
    .merge(["workspace_uuid", "workspace_slug", "base_api_url", "installed_at"]);
}
