import type { Repository } from "../../../src/bitbucket/types";
import { requireWorkspace, viewerOf, type Viewer } from "../auth/authorize";
import { actingUser } from "../auth/caller";
import { parseQuery, type Query } from "../rest/bbql";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import { SimError } from "../rest/errors";
import { cachedList } from "../rest/list-cache";
import { filterAndSort, objectResponse, pageResponse } from "../rest/respond";
import type { Router } from "../rest/router";
import { repositoryJson } from "../rest/serialize";
import { rankOf, UserAccess } from "../state/effective";
import type { SimRepository, SimWorkspace } from "../state/model";

/** `GET /2.0/repositories/{ws}` and `GET /2.0/repositories/{ws}/{repo_slug}` (§3.4). */

/**
 * Uses the project index when the query pins one project (`project.key="P"` or `project.uuid="{…}"`,
 * alone or inside a top-level AND), so a 10k-repository workspace is filtered by reading one project's set.
 */
function candidates(ctx: SimContext, ws: SimWorkspace, query: Query | undefined): Iterable<SimRepository> {
  const pinned = query ? pinnedProject(query) : undefined;
  if (pinned === undefined) return ws.repositories.values();
  const project = ctx.state.findProject(ws, pinned);
  if (!project) return [];
  return [...project.repoUuids].flatMap((uuid) => ws.repositories.get(uuid) ?? []);
}

function pinnedProject(query: Query): string | undefined {
  if (query.kind === "and") return pinnedProject(query.left) ?? pinnedProject(query.right);
  if (query.kind !== "cmp" || query.op !== "=" || typeof query.value !== "string") return undefined;
  return query.field === "project.key" || query.field === "project.uuid" ? query.value : undefined;
}

const ROLE_MIN_LEVEL: Record<string, number> = { member: rankOf("read"), contributor: rankOf("write"), admin: rankOf("admin") };

/** `role=` keeps repositories where the caller's explicit (or, by switch, effective) level reaches the role. */
function roleFilter(ctx: SimContext, ws: SimWorkspace): ((repo: SimRepository) => boolean) | undefined {
  const role = ctx.query.get("role");
  if (role === null) return undefined;
  if (!["member", "contributor", "admin", "owner"].includes(role)) throw new SimError(400, `Invalid role: '${role}'`);
  const user = actingUser(ctx.caller);
  if (user === undefined) return () => false; // an app identity holds no role of its own
  const access = new UserAccess(ws, user, ctx.state.now());
  if (role === "owner") return () => access.isOwner;
  const min = ROLE_MIN_LEVEL[role] ?? 0;
  const level = ctx.switches.roleFilterIncludesInherited
    ? (repo: SimRepository) => access.repoLevel(repo) : (repo: SimRepository) => access.explicitRepoLevel(repo);
  return (repo) => rankOf(level(repo)) >= min;
}

function listRepositories(ctx: SimContext): SimResponse {
  const ws = ctx.state.findWorkspace(ctx.params.workspace ?? "");
  if (ws?.spam === true) throw new SimError(410, "This account has been marked as spam.");
  const visible = requireWorkspace(ctx, ctx.params.workspace ?? "");
  const viewer: Viewer = viewerOf(ctx, visible);
  const q = ctx.query.get("q");
  const key = `repos|${visible.uuid}|${q ?? ""}|${ctx.query.get("sort") ?? ""}|${ctx.query.get("role") ?? ""}`;
  const rows = cachedList<Repository>(ctx, key, () => {
    const query = q === null || q.trim() === "" ? undefined : parseQuery(q);
    const byRole = roleFilter(ctx, visible);
    const repos = [...candidates(ctx, visible, query)]
      .filter((repo) => (viewer.all || viewer.canSeeRepo(repo)) && (byRole === undefined || byRole(repo)))
      .map((repo) => repositoryJson(ctx.baseUrl, visible, repo));
    return filterAndSort(ctx, repos, (r) => r);
  });
  return pageResponse(ctx, rows);
}

function getRepository(ctx: SimContext): SimResponse {
  const ws = requireWorkspace(ctx, ctx.params.workspace ?? "");
  const repo = ctx.state.findRepository(ws, ctx.params.repo_slug ?? "");
  if (!repo) throw new SimError(404, "Repository not found");
  if (!viewerOf(ctx, ws).canSeeRepo(repo)) throw new SimError(403, "You don't have access to this repository.");
  return objectResponse(ctx, repositoryJson(ctx.baseUrl, ws, repo));
}

export function mountRepositories(router: Router<RouteDef>): void {
  router.add("GET", "/2.0/repositories/:workspace", { auth: true, handle: listRepositories });
  router.add("GET", "/2.0/repositories/:workspace/:repo_slug", { auth: true, handle: getRepository });
}
