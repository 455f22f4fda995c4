import type { RouteDef } from "../rest/context";
import { CHANGE_2770 } from "../rest/errors";
import type { Router } from "../rest/router";

/**
 * Cross-workspace endpoints removed by CHANGE-2770 (§1.6). They answer 410 before authentication,
 * so stale code fails loudly whatever credential it sends.
 */
export const REMOVED_ENDPOINTS = [
  "/2.0/repositories",
  "/2.0/workspaces",
  "/2.0/user/permissions/repositories",
  "/2.0/user/permissions/workspaces",
] as const;

export function mountGone(router: Router<RouteDef>): void {
  for (const path of REMOVED_ENDPOINTS) {
    router.add("GET", path, { auth: false, handle: () => ({ status: 410, body: CHANGE_2770 }) });
  }
}
