import { Router } from "express";
import { z } from "zod";
import type { ApiRouteModule } from "../../app";
import type { Engine } from "../../engine";
import { toCsv } from "../../jobs";
import { type AuditResponse } from "../../shared/api-contract";
import { tenantOf } from "../tenant-context";
import { toAuditEntry } from "./contract-mapping";
import { checkedPrincipalParam, parse, PROJECT_KEY, route, validationFailed } from "./route-kit";

/** ISO 8601 only: Date.parse alone also accepts free text such as "x 1" (V8's legacy formats). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const isoTime = z.string().max(40).regex(ISO_8601, "must be an ISO 8601 time").refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 time");
const auditQuery = z.object({
  project: z.string().regex(PROJECT_KEY, "must be a Bitbucket project key").optional(),
  principal: z.string().max(200).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  format: z.enum(["json", "csv"]).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

const BARE_UUID = /^[0-9a-fA-F-]{36}$/;

/** `principal=user:ID|group:SLUG` as the audit log keys it (`user:{uuid}`, `group:slug`). */
function principalKeyOf(value: string): string {
  const p = checkedPrincipalParam(value);
  if (!p) throw validationFailed("The query", [{ path: "principal", message: "must be user:<id> or group:<slug>" }]);
  if (p.type === "group") return `group:${p.slug}`;
  const id = BARE_UUID.test(p.id) ? `{${p.id}}` : p.id;
  return `user:${id.startsWith("{") ? id.toLowerCase() : id}`;
}

/**
 * `GET /api/audit?project=&principal=&since=&until=&format=json|csv`: every change attempted, newest first. The CSV is a
 * download (`Content-Disposition: attachment`) whose cells cannot run as spreadsheet formulas (src/jobs/audit-csv.ts).
 * Without `project` only workspace admins may read it; with one, that project's admins too.
 */
export const auditRoutes = (engine: Engine): ApiRouteModule => (kit) => {
  const router = Router();
  const now = () => kit.clock.now();
  router.get("/audit", kit.requireAdmin({ projectKey: (req) => (typeof req.query.project === "string" ? req.query.project : undefined) }),
    route(now, async (req, res) => {
      const q = parse(auditQuery, req.query, "The query");
      const tenant = tenantOf(res);
      const entries = await engine.audit.queryAudit(tenant.clientKey, {
        ...(q.project === undefined ? {} : { projectKey: q.project }),
        ...(q.principal === undefined ? {} : { principal: principalKeyOf(q.principal) }),
        ...(q.since === undefined ? {} : { sinceMs: Date.parse(q.since) }),
        ...(q.until === undefined ? {} : { untilMs: Date.parse(q.until) }),
        ...(q.limit === undefined ? {} : { limit: q.limit }),
      });
      if (q.format === "csv") {
        const day = new Date(now()).toISOString().slice(0, 10);
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", `attachment; filename="audit-${q.project ?? "workspace"}-${day}.csv"`);
        res.send(toCsv(entries));
        return;
      }
      const workspace = tenant.workspaceSlug ?? tenant.workspaceUuid;
      res.json({ values: entries.map((e) => toAuditEntry(e, workspace)) } satisfies AuditResponse);
    }));
  return router;
};
