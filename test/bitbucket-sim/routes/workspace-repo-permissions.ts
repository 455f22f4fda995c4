import type { RepositoryPermission } from "../../../src/bitbucket/types";
import { assertPermissionReader, requireWorkspace } from "../auth/authorize";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import { MESSAGES, SimError } from "../rest/errors";
import { cachedList } from "../rest/list-cache";
import { filterAndSort, pageResponse } from "../rest/respond";
import type { Router } from "../rest/router";
import { userJson } from "../rest/serialize";
import { type AnyLevel, projectLevelsByUser, repoLevelsByUser } from "../state/effective";
import type { SimRepository, SimWorkspace } from "../state/model";

/**
 * `GET /2.0/workspaces/{ws}/permissions/repositories[/{repo_slug}]` (§3.6): EFFECTIVE levels, user rows
 * only, with no hint of where a level comes from. Project levels are computed once per project, so a
 * 10k-repository scan is linear in repositories × users with access.
 */
interface Row { json: RepositoryPermission; view: Record<string, unknown> }

function rowsFor(ctx: SimContext, ws: SimWorkspace, repos: Iterable<SimRepository>): Row[] {
  const now = ctx.state.now();
  const byProject = new Map<string, Map<string, AnyLevel>>();
  const rows: Row[] = [];
  for (const repo of repos) {
    const project = ws.projects.get(repo.projectUuid);
    let projectLevels = byProject.get(repo.projectUuid);
    if (projectLevels === undefined) {
      projectLevels = project ? projectLevelsByUser(ws, project, now) : new Map<string, AnyLevel>();
      byProject.set(repo.projectUuid, projectLevels);
    }
    const repository = { type: "repository" as const, uuid: repo.uuid, name: repo.name, full_name: `${ws.slug}/${repo.slug}` };
    for (const [userUuid, permission] of repoLevelsByUser(ws, repo, projectLevels, now)) {
      const user = ctx.state.users.get(userUuid);
      if (!user || permission === "none") continue;
      const json: RepositoryPermission = { type: "repository_permission", permission, user: userJson(ctx.baseUrl, user), repository };
      // The BBQL view adds what filters may name but the row does not show (repository.project.key, repository.slug).
      const view = { ...json, repository: { ...repository, slug: repo.slug, project: project ? { key: project.key, uuid: project.uuid } : undefined } };
      rows.push({ json, view });
    }
  }
  return rows;
}

function listAll(ctx: SimContext): SimResponse {
  const ws = requireWorkspace(ctx, ctx.params.workspace ?? "");
  assertPermissionReader(ctx, (access) => access.isOwner, MESSAGES.workspaceAdmin);
  const key = `wsperms|${ws.uuid}|${ctx.query.get("q") ?? ""}|${ctx.query.get("sort") ?? ""}`;
  const rows = cachedList(ctx, key, () =>
    filterAndSort(ctx, rowsFor(ctx, ws, ws.repositories.values()), (r) => r.view).map((r) => r.json));
  return pageResponse(ctx, rows);
}

function listOne(ctx: SimContext): SimResponse {
  const ws = requireWorkspace(ctx, ctx.params.workspace ?? "");
  const repo = ctx.state.findRepository(ws, ctx.params.repo_slug ?? "");
  if (!repo) throw new SimError(404, "Repository not found");
  assertPermissionReader(ctx, (access) => access.repoLevel(repo) === "admin", MESSAGES.repoAdminRead);
  return pageResponse(ctx, filterAndSort(ctx, rowsFor(ctx, ws, [repo]), (r) => r.view).map((r) => r.json));
}

export function mountWorkspaceRepoPermissions(router: Router<RouteDef>): void {
  router.add("GET", "/2.0/workspaces/:workspace/permissions/repositories", { auth: true, handle: listAll });
  router.add("GET", "/2.0/workspaces/:workspace/permissions/repositories/:repo_slug", { auth: true, handle: listOne });
}
