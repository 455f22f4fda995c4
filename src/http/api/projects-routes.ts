import { Router } from "express";
import { z } from "zod";
import { indexSnapshot, type Principal } from "../../access";
import { normaliseUserId } from "../../access/resolve-principal";
import type { ApiRouteModule } from "../../app";
import type { Engine } from "../../engine";
import type { AccessReadingResponse, PrincipalsResponse, ProjectsResponse } from "../../shared/api-contract";
import { tenantOf } from "../tenant-context";
import { toAccess, toPrincipalAccess } from "./contract-mapping";
import { checkedPrincipalParam, parse, PROJECT_KEY, route, validationFailed } from "./route-kit";

const accessQuery = z.object({
  principal: z.string().max(200).optional(),
  refresh: z.enum(["true", "false"]).optional(),
});
const principalsQuery = z.object({
  query: z.string().max(100).optional(),
  project: z.string().regex(PROJECT_KEY).optional(),
});

/**
 * `GET /api/projects`, `GET /api/projects/{key}/access` (`?principal=user:ID|group:SLUG`, `?refresh=true`) and
 * `GET /api/principals?query=` (`&project=KEY` lets that project's admins use the picker too).
 */
export const projectRoutes = (engine: Engine): ApiRouteModule => (kit) => {
  const router = Router();
  const now = () => kit.clock.now();
  const projectAdmin = kit.requireAdmin({ projectKey: (req) => req.params.key });

  router.get("/projects", kit.requireAdmin(), route(now, async (_req, res) => {
    const projects = await engine.access.listProjects(tenantOf(res).clientKey);
    const body: ProjectsResponse = { values: projects.map((p) => ({ key: p.key, name: p.name ?? p.key, uuid: p.uuid })) };
    res.json(body);
  }));

  // The key is checked before the admin check, so a malformed key costs no Bitbucket call.
  router.use("/projects/:key", (req, _res, next) => {
    next(PROJECT_KEY.test(req.params.key) ? undefined : validationFailed("The project key", [{ path: "key", message: "must be a Bitbucket project key" }]));
  });

  router.get("/projects/:key/access", projectAdmin, route(now, async (req, res) => {
    const query = parse(accessQuery, req.query, "The query");
    let requested: ReturnType<typeof checkedPrincipalParam>;
    if (query.principal !== undefined) {
      requested = checkedPrincipalParam(query.principal);
      if (!requested) throw validationFailed("The query", [{ path: "principal", message: "must be user:<id> or group:<slug>" }]);
    }
    const view = await engine.access.view(tenantOf(res).clientKey, req.params.key ?? "", { refresh: query.refresh === "true" });
    if (view.state === "reading") {
      // A big project's first read runs in the background within the call budget; the page polls.
      const body: AccessReadingResponse = {
        state: "reading", progress: { done: view.progress.done, total: view.progress.total }, retryAfterSeconds: view.retryAfterSeconds,
      };
      res.status(202).set("Retry-After", String(view.retryAfterSeconds)).json(body);
      return;
    }
    const { snapshot } = view.stored;
    const refreshing = view.refreshing && { refreshing: { done: view.refreshing.done, total: view.refreshing.total } };
    if (!requested) {
      res.json({ ...toAccess(snapshot), ...refreshing });
      return;
    }
    const principal: Principal = requested.type === "user"
      ? { type: "user", uuid: normaliseUserId(indexSnapshot(snapshot), requested.id) }
      : { type: "group", slug: requested.slug };
    res.json({ ...toPrincipalAccess(snapshot, principal), ...refreshing });
  }));

  router.get("/principals", kit.requireAdmin({ projectKey: (req) => (typeof req.query.project === "string" ? req.query.project : undefined) }),
    route(now, async (req, res) => {
      const query = parse(principalsQuery, req.query, "The query");
      const found = await engine.access.searchPrincipals(tenantOf(res).clientKey, query.query ?? "");
      const body: PrincipalsResponse = {
        values: found.values.map((p) => (p.type === "user" ? { type: "user", id: p.id, name: p.name } : { type: "group", slug: p.id, name: p.name })),
        ...(found.groupsUnavailable ? { groupsUnavailable: found.groupsUnavailable } : {}),
      };
      res.json(body);
    }));
  return router;
};
