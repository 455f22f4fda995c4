import { requireWorkspace, viewerOf } from "../auth/authorize";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import { SimError } from "../rest/errors";
import { filterAndSort, objectResponse, pageResponse } from "../rest/respond";
import type { Router } from "../rest/router";
import { projectJson } from "../rest/serialize";

/** `GET /2.0/workspaces/{ws}/projects[/{project_key}]` (§3.5): the picker's source. */

function listProjects(ctx: SimContext): SimResponse {
  const ws = requireWorkspace(ctx, ctx.params.workspace ?? "");
  const viewer = viewerOf(ctx, ws);
  const projects = [...ws.projects.values()]
    .filter((p) => viewer.all || viewer.canSeeProject(p))
    .map((p) => projectJson(ctx.baseUrl, ws, p));
  return pageResponse(ctx, filterAndSort(ctx, projects, (p) => p));
}

function getProject(ctx: SimContext): SimResponse {
  const ws = requireWorkspace(ctx, ctx.params.workspace ?? "");
  const project = ctx.state.findProject(ws, ctx.params.project_key ?? "");
  if (!project) throw new SimError(404, "A project isn't hosted at this location.");
  if (!viewerOf(ctx, ws).canSeeProject(project)) throw new SimError(403, "The requesting user isn't authorized to access the project.");
  return objectResponse(ctx, projectJson(ctx.baseUrl, ws, project));
}

export function mountProjects(router: Router<RouteDef>): void {
  router.add("GET", "/2.0/workspaces/:workspace/projects", { auth: true, handle: listProjects });
  router.add("GET", "/2.0/workspaces/:workspace/projects/:project_key", { auth: true, handle: getProject });
}
