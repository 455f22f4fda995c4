import { requireWorkspace, viewerOf } from "../auth/authorize";
import { parseQuery, type Query } from "../rest/bbql";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import { SimError } from "../rest/errors";
import { filterAndSort, objectResponse, pageResponse } from "../rest/respond";
import type { Router } from "../rest/router";
import { membershipJson, workspaceJson } from "../rest/serialize";
import type { SimWorkspace } from "../state/model";

/** `/2.0/workspaces/{ws}`, its members and its membership permissions (§3.6, §3.7). */

const MAX_EMAILS = 90;

function longestInList(query: Query): number {
  if (query.kind === "in") return query.values.length;
  if (query.kind === "cmp") return 0;
  return Math.max(longestInList(query.left), longestInList(query.right));
}

/** Membership rows; emails exist only for admins and stay hidden unless `+values.user.email` asks. */
function memberships(ctx: SimContext, ws: SimWorkspace, permission: boolean): SimResponse {
  const q = ctx.query.get("q");
  if (q !== null && q.trim() !== "" && longestInList(parseQuery(q)) > MAX_EMAILS) {
    throw new SimError(400, `A query may list at most ${MAX_EMAILS} values.`);
  }
  const email = viewerOf(ctx, ws).all;
  const rows = [...ws.members.keys()].flatMap((uuid) => {
    const user = ctx.state.users.get(uuid);
    return user ? [membershipJson(ctx.baseUrl, ws, user, { permission, email })] : [];
  });
  return pageResponse(ctx, filterAndSort(ctx, rows, (r) => r), ["values.user.email"]);
}

function getWorkspace(ctx: SimContext): SimResponse {
  return objectResponse(ctx, workspaceJson(ctx.baseUrl, requireWorkspace(ctx, ctx.params.workspace ?? "")));
}

function getMember(ctx: SimContext): SimResponse {
  const ws = requireWorkspace(ctx, ctx.params.workspace ?? "");
  const user = ctx.state.findUser(ctx.params.member ?? "");
  if (!user || !ws.members.has(user.uuid)) {
    throw new SimError(404, "A workspace cannot be found, or a user cannot be found, or the user is not a a member of the workspace.");
  }
  const email = viewerOf(ctx, ws).all;
  return objectResponse(ctx, membershipJson(ctx.baseUrl, ws, user, { email }), ["user.email"]);
}

export function mountWorkspaces(router: Router<RouteDef>): void {
  router.add("GET", "/2.0/workspaces/:workspace", { auth: true, handle: getWorkspace });
  router.add("GET", "/2.0/workspaces/:workspace/members", {
    auth: true, handle: (ctx) => memberships(ctx, requireWorkspace(ctx, ctx.params.workspace ?? ""), false),
  });
  router.add("GET", "/2.0/workspaces/:workspace/members/:member", { auth: true, handle: getMember });
  router.add("GET", "/2.0/workspaces/:workspace/permissions", {
    auth: true, handle: (ctx) => memberships(ctx, requireWorkspace(ctx, ctx.params.workspace ?? ""), true),
  });
}
