import type { Database } from "../db/database";

/** How hard a workspace's jobs may push: items in flight at once (across instances) and calls per budget window. */
export interface WorkspaceLimits {
  readonly concurrency: number;
  readonly callsPerHour: number;
}
export type LimitsFor = (clientKey: string) => Promise<WorkspaceLimits>;

/**
 * Defaults when a workspace has saved no settings, the same as the Settings page's (src/shared/api-contract.ts): 900 calls
 * leaves a tenth of Bitbucket's 1,000 per hour for the admin's own use (bitbucket-platform.md §1.5).
 */
export const DEFAULT_LIMITS: WorkspaceLimits = { concurrency: 4, callsPerHour: 900 };

/** Reads `workspace_settings` (migration 001) per call, so a changed setting applies to the next claim. */
export function workspaceLimitsFromDb(db: Database, defaults: WorkspaceLimits = DEFAULT_LIMITS): LimitsFor {
  return async (clientKey) => {
    const row = await db.knex<{ client_key: string; hourly_call_budget: number; concurrency: number }>("workspace_settings")
      .where({ client_key: clientKey })
      .first("hourly_call_budget", "concurrency");
    if (!row) return defaults;
    return { concurrency: row.concurrency, callsPerHour: row.hourly_call_budget };
  };
}

export const fixedLimits = (limits: WorkspaceLimits = DEFAULT_LIMITS): LimitsFor => () => Promise.resolve(limits);
