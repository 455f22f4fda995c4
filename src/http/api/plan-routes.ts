import { Router } from "express";
import { parsePlanRequest } from "../../access";
import type { ApiRouteModule } from "../../app";
import type { Engine } from "../../engine";
import type { JobStarted } from "../../shared/api-contract";
import { ApiError } from "../api-error";
import { tenantOf } from "../tenant-context";
import { toPlan } from "./contract-mapping";
import { actorOf, ID, namedActor, PROJECT_KEY, requestFacts, route, validationFailed } from "./route-kit";

/**
 * `POST /api/projects/{key}/plans` (201 with the plan) and `POST /api/plans/{id}/apply` (202 `{jobId}`). Applying is open to
 * the admins of the plan's project, found by loading the plan first: another workspace's plan id answers 404.
 */
export const planRoutes = (engine: Engine): ApiRouteModule => (kit) => {
  const router = Router();
  const now = () => kit.clock.now();
  const planProject = requestFacts<string>();

  router.post("/projects/:key/plans", kit.requireAdmin({ projectKey: (req) => req.params.key }), route(now, async (req, res) => {
    const key = req.params.key ?? "";
    if (!PROJECT_KEY.test(key)) throw validationFailed("The project key", [{ path: "key", message: "must be a Bitbucket project key" }]);
    const parsed = parsePlanRequest(req.body);
    if (!parsed.ok) throw validationFailed("The plan request", [...parsed.errors]);
    const stored = await engine.plans.createPlan(tenantOf(res).clientKey, key, parsed.request, actorOf(res));
    res.status(201).json(toPlan(stored));
  }));

  router.post("/plans/:id/apply",
    route(now, async (req, res) => {
      const id = req.params.id ?? "";
      const plan = ID.test(id) ? await engine.plans.getPlan(tenantOf(res).clientKey, id) : null;
      if (!plan) throw new ApiError(404, "NOT_FOUND", "No such plan in this workspace");
      planProject.set(req, plan.plan.projectKey);
    }, true),
    kit.requireAdmin({ projectKey: (req) => planProject.get(req) }),
    route(now, async (req, res) => {
      const jobId = await engine.plans.applyPlan(tenantOf(res).clientKey, req.params.id ?? "", await namedActor(engine, res));
      res.status(202).json({ jobId } satisfies JobStarted);
    }));
  return router;
};
