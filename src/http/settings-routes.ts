import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { Database } from "../db/database";
import { tenantScope } from "../db/tenant-scope";
import { DEFAULT_WORKSPACE_SETTINGS, WORKSPACE_SETTINGS_LIMITS, type WorkspaceSettings } from "../shared/api-types";
import { ApiError } from "./api-error";
import { tenantOf } from "./tenant-context";

const { hourlyCallBudget: budget, concurrency } = WORKSPACE_SETTINGS_LIMITS;
const settingsSchema = z.strictObject({
  hourlyCallBudget: z.int().min(budget.min).max(budget.max),
  concurrency: z.int().min(concurrency.min).max(concurrency.max),
});

/** PostgreSQL may hand integers back as strings, depending on the column type. */
interface SettingsRow { hourly_call_budget: number | string; concurrency: number | string }

/** The workspace's settings, or the defaults when none were saved. */
export async function readWorkspaceSettings(db: Database, clientKey: string): Promise<WorkspaceSettings> {
  const row = (await tenantScope(db.knex, clientKey).from("workspace_settings").first()) as SettingsRow | undefined;
  return row ? { hourlyCallBudget: Number(row.hourly_call_budget), concurrency: Number(row.concurrency) } : DEFAULT_WORKSPACE_SETTINGS;
}

/**
 * `GET /api/settings` and `PUT /api/settings` (`{hourlyCallBudget 1–10000, concurrency 1–16}`), workspace admins only
 * (the router mounts `requireAdmin` in front). The clientKey comes from the session token, so one workspace can neither read
 * nor change another's settings.
 */
export function settingsRoutes(db: Database, nowMs: () => number, workspaceAdmin: RequestHandler): Router {
  const router = Router();
  router.get("/settings", workspaceAdmin, (_req, res, next) => {
    readWorkspaceSettings(db, tenantOf(res).clientKey).then((s) => { res.json(s); }, next);
  });
  router.put("/settings", workspaceAdmin, (req, res, next) => {
    void (async () => {
      const parsed = settingsSchema.safeParse(req.body);
      if (!parsed.success) {
        throw new ApiError(400, "VALIDATION_FAILED", "Settings need hourlyCallBudget (1–10000) and concurrency (1–16), whole numbers", { fields: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
      }
      const { clientKey } = tenantOf(res);
      await db.knex("workspace_settings")
        .insert({ client_key: clientKey, hourly_call_budget: parsed.data.hourlyCallBudget, concurrency: parsed.data.concurrency, updated_at: nowMs() })
        .onConflict("client_key")
        .merge(["hourly_call_budget", "concurrency", "updated_at"]);
      res.json(await readWorkspaceSettings(db, clientKey));
    })().catch(next);
  });
  return router;
}
