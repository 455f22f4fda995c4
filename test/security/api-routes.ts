import type express from "express";
import type request from "supertest";
import type { ApiAs } from "../integration/stack";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Ids a route table is filled with: a project key, a plan and a job of the workspace under test. */
export interface RouteIds {
  readonly projectKey: string;
  readonly planId: string;
  readonly jobId: string;
}

/** One /api route: its Express template (as mounted), a concrete call, and whether it is about an id or a project. */
export interface ApiRoute {
  readonly method: Method;
  readonly template: string;
  readonly about: "workspace" | "project" | "id";
  call(api: ApiAs): request.Test;
}

const validPlan = { principal: { type: "group", slug: "developers" }, permission: "read", scope: "repositories" };

/** Every route of the REST API (docs/api.md), each with a well-formed call; `mountedApiRoutes` proves the list complete. */
export function apiRouteTable(ids: RouteIds): ApiRoute[] {
  const { projectKey: key, planId, jobId } = ids;
  return [
    { method: "GET", template: "/api/settings", about: "workspace", call: (a) => a.get("/api/settings") },
    { method: "PUT", template: "/api/settings", about: "workspace", call: (a) => a.put("/api/settings", { hourlyCallBudget: 900, concurrency: 4 }) },
    { method: "GET", template: "/api/projects", about: "workspace", call: (a) => a.get("/api/projects") },
    { method: "GET", template: "/api/projects/:key/access", about: "project", call: (a) => a.get(`/api/projects/${key}/access`) },
    { method: "GET", template: "/api/principals", about: "workspace", call: (a) => a.get("/api/principals?query=a") },
    { method: "POST", template: "/api/projects/:key/plans", about: "project", call: (a) => a.post(`/api/projects/${key}/plans`, validPlan) },
    { method: "POST", template: "/api/plans/:id/apply", about: "id", call: (a) => a.post(`/api/plans/${planId}/apply`) },
    { method: "GET", template: "/api/jobs", about: "workspace", call: (a) => a.get("/api/jobs") },
    { method: "GET", template: "/api/jobs/:id", about: "id", call: (a) => a.get(`/api/jobs/${jobId}`) },
    { method: "POST", template: "/api/jobs/:id/cancel", about: "id", call: (a) => a.post(`/api/jobs/${jobId}/cancel`) },
    { method: "POST", template: "/api/jobs/:id/retry", about: "id", call: (a) => a.post(`/api/jobs/${jobId}/retry`) },
    { method: "POST", template: "/api/jobs/:id/undo", about: "id", call: (a) => a.post(`/api/jobs/${jobId}/undo`) },
    { method: "GET", template: "/api/audit", about: "workspace", call: (a) => a.get("/api/audit") },
    { method: "GET", template: "/api/settings/credential", about: "workspace", call: (a) => a.get("/api/settings/credential") },
    { method: "PUT", template: "/api/settings/credential", about: "workspace", call: (a) => a.put("/api/settings/credential", { email: "x@y.example", apiToken: "t" }) },
    { method: "DELETE", template: "/api/settings/credential", about: "workspace", call: (a) => a.delete("/api/settings/credential") },
  ];
}

interface Layer {
  name?: string;
  regexp?: RegExp;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `METHOD /api/...` for every route the Express app really mounts under /api, read from its router stack (Express 4). */
export function mountedApiRoutes(app: express.Express): string[] {
  const root = (app as unknown as { _router: { stack: Layer[] } })._router.stack;
  const api = root.find((l) => l.name === "router" && (l.regexp?.test("/api/x") ?? false) && !(l.regexp?.test("/x") ?? true));
  if (!api?.handle?.stack) throw new Error("no /api router mounted");
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== "_all") out.push(`${method.toUpperCase()} /api${layer.route.path}`);
      } else if (layer.name === "router" && layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk(api.handle.stack);
  return [...new Set(out)].sort();
}
