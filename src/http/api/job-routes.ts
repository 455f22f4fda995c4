import { Router, type Request } from "express";
import { z } from "zod";
import type { ApiRouteModule } from "../../app";
import type { Engine } from "../../engine";
import type { JobView } from "../../jobs";
import type { JobsResponse, JobStarted } from "../../shared/api-contract";
import { ApiError } from "../api-error";
import { tenantOf } from "../tenant-context";
import { toJob, toJobSummary } from "./contract-mapping";
import { actorOf, ID, namedActor, parse, PROJECT_KEY, requestFacts, route } from "./route-kit";

const listQuery = z.object({
  project: z.string().regex(PROJECT_KEY, "must be a Bitbucket project key").optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const jobQuery = z.object({ items: z.enum(["none", "failed", "all"]).optional() });

/**
 * `GET /api/jobs(?project=)`, `GET /api/jobs/{id}(?items=none|failed|all)`, `POST /api/jobs/{id}/cancel` (200 with the job),
 * `/retry` and `/undo` (202 `{jobId}`). An id is looked up in the caller's workspace before the admin check, so another
 * workspace's id answers 404; then the admins of the job's project (or the workspace) may proceed.
 */
export const jobRoutes = (engine: Engine): ApiRouteModule => (kit) => {
  const router = Router();
  const now = () => kit.clock.now();
  // The job as the lookup found it, so the status route answers from it instead of reading the job a second time.
  const jobFound = requestFacts<JobView>();
  const clientKeyOf = (res: Parameters<typeof tenantOf>[0]) => tenantOf(res).clientKey;

  router.get("/jobs", kit.requireAdmin({ projectKey: (req) => (typeof req.query.project === "string" ? req.query.project : undefined) }),
    route(now, async (req, res) => {
      const query = parse(listQuery, req.query, "The query");
      const jobs = await engine.jobs.listJobs(clientKeyOf(res), {
        ...(query.project === undefined ? {} : { projectKey: query.project }), ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
      res.json({ values: jobs.map(toJobSummary) } satisfies JobsResponse);
    }));

  const findJob = route(now, async (req, res) => {
    const id = req.params.id ?? "";
    const job = ID.test(id) ? await engine.jobs.getJob(clientKeyOf(res), id, { items: "none" }) : null;
    if (!job) throw new ApiError(404, "NOT_FOUND", "No such job in this workspace");
    jobFound.set(req, job);
  }, true);
  const jobAdmin = kit.requireAdmin({ projectKey: (req: Request) => jobFound.get(req)?.projectKey });

  router.get("/jobs/:id", findJob, jobAdmin, route(now, async (req, res) => {
    const query = parse(jobQuery, req.query, "The query");
    const job = jobFound.get(req);
    if (!job) throw new Error("GET /jobs/:id without the job lookup");
    const which = query.items ?? "all";
    // The summary is the one the lookup read (same request, a moment ago); items are read only when asked for.
    const items = which === "none" ? [] : await engine.jobs.listItems(clientKeyOf(res), job.id, which);
    res.json(toJob({ ...job, items }));
  }));

  router.post("/jobs/:id/cancel", findJob, jobAdmin, route(now, async (req, res) => {
    res.json(toJob(await engine.jobCommands.cancel(clientKeyOf(res), req.params.id ?? "", actorOf(res))));
  }));

  for (const command of ["retry", "undo"] as const) {
    router.post(`/jobs/:id/${command}`, findJob, jobAdmin, route(now, async (req, res) => {
      const jobId = await engine.jobCommands[command](clientKeyOf(res), req.params.id ?? "", await namedActor(engine, res));
      res.status(202).json({ jobId } satisfies JobStarted);
    }));
  }
  return router;
};
