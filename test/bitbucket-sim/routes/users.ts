import { actingUser } from "../auth/caller";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import { SimError } from "../rest/errors";
import { objectResponse } from "../rest/respond";
import type { Router } from "../rest/router";
import { userJson } from "../rest/serialize";

/** `GET /2.0/user` (the caller) and `GET /2.0/users/{selected_user}` (§3.7). */

function currentUser(ctx: SimContext): SimResponse {
  const uuid = actingUser(ctx.caller);
  const user = uuid === undefined ? undefined : ctx.state.users.get(uuid);
  // App identities (JWT, access tokens) have no user behind them; what Bitbucket answers is UNCONFIRMED.
  if (!user) throw new SimError(401, "This endpoint needs a user identity.");
  return objectResponse(ctx, userJson(ctx.baseUrl, user));
}

function selectedUser(ctx: SimContext): SimResponse {
  const user = ctx.state.findUser(ctx.params.selected_user ?? "");
  if (!user) throw new SimError(404, "No user exists for the specified UUID or account ID.");
  return objectResponse(ctx, userJson(ctx.baseUrl, user));
}

export function mountUsers(router: Router<RouteDef>): void {
  router.add("GET", "/2.0/user", { auth: true, handle: currentUser });
  router.add("GET", "/2.0/users/:selected_user", { auth: true, handle: selectedUser });
}
