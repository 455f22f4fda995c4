import { requireWorkspace } from "../auth/authorize";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import { SimError } from "../rest/errors";
import type { Router } from "../rest/router";
import { groupV1Json } from "../rest/serialize";
import { isBracedUuid } from "../ids";
import type { SimWorkspace } from "../state/model";

/**
 * `GET /1.0/groups/{workspace-slug}[/{group_slug}]` (§3.8): a bare, unpaginated array. By default only
 * the slug works (a `{uuid}` answers 404, as reported in 2026); switch `groupsV1` covers the other reports.
 */
function workspaceFor(ctx: SimContext): SimWorkspace {
  const id = ctx.params.workspace ?? "";
  if (ctx.switches.groupsV1 === "gone") throw new SimError(410, "This API has been removed.");
  if (isBracedUuid(id) && ctx.switches.groupsV1 === "slugOnly") throw new SimError(404, `No workspace with slug '${id}'.`);
  return requireWorkspace(ctx, id);
}

function listGroups(ctx: SimContext): SimResponse {
  const ws = workspaceFor(ctx);
  return { status: 200, body: [...ws.groups.values()].map((g) => groupV1Json(ws, g, ctx.state.users)) };
}

function getGroup(ctx: SimContext): SimResponse {
  const ws = workspaceFor(ctx);
  const group = ws.groups.get(ctx.params.group_slug ?? "");
  if (!group) throw new SimError(404, "Group not found");
  return { status: 200, body: groupV1Json(ws, group, ctx.state.users) };
}

export function mountGroupsV1(router: Router<RouteDef>): void {
  router.add("GET", "/1.0/groups/:workspace", { auth: true, handle: listGroups });
  router.add("GET", "/1.0/groups/:workspace/:group_slug", { auth: true, handle: getGroup });
}
