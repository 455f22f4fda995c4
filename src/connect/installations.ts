import type { Database } from "../db/database";
import { findTenant } from "../db/tenants";

/** What the engine needs to call Bitbucket as an installation (src/engine EngineInstallation has this shape). */
export interface InstallationCredentials {
  readonly clientKey: string;
  readonly sharedSecret: string;
  readonly workspaceUuid: string;
  readonly workspaceSlug: string | undefined;
}

/**
 * Looks an installation up in the app's database: the tenants row for the workspace, ACE's `AddonSettings` row `clientInfo`
 * for the shared secret (src/connect/ace.ts stores it there, in the same database). Read directly rather than through ACE
 * so that the job worker, which runs without the Express app (another process, the CLI), can use it too.
 */
export function installationLookup(db: Database): (clientKey: string) => Promise<InstallationCredentials | undefined> {
  return async (clientKey) => {
    const tenant = await findTenant(db.knex, clientKey);
    if (!tenant) return undefined;
    const row = await db.knex<{ clientKey: string; key: string; val: unknown }>("AddonSettings").where({ clientKey, key: "clientInfo" }).first("val");
    // sequelize's JSON column comes back parsed on PostgreSQL and as text on SQLite.
    const val: unknown = typeof row?.val === "string" ? JSON.parse(row.val) : row?.val;
    const sharedSecret = (val as { sharedSecret?: unknown } | undefined)?.sharedSecret;
    if (typeof sharedSecret !== "string" || sharedSecret === "") return undefined;
    return { clientKey, sharedSecret, workspaceUuid: tenant.workspaceUuid, workspaceSlug: tenant.workspaceSlug };
  };
}
