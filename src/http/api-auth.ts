import type { Request, RequestHandler } from "express";
import type { Ace } from "../connect/ace";
import { AdminCheckUnavailable, type AdminCheck } from "../connect/admin-check";
import type { TenantCache } from "../connect/tenant-cache";
import type { Database } from "../db/database";
import { findTenant, type Tenant } from "../db/tenants";
import type { Logger } from "../log/logger";
import { ApiError } from "./api-error";
import { setTenantContext, tenantOf } from "./tenant-context";

/**
 * Every /api route: the ACE session token in `Authorization: JWT …` (checkValidToken: signature and exp, no qsh), then the
 * tenants row (through `tenants`, a few seconds' cache that install/uninstall clear). A fresh token goes back in `X-acpt` on
 * every answer (ACE sets it).
 */
export function authenticateApi(ace: Ace, db: Database, tenants?: TenantCache<Tenant>): RequestHandler {
  const lookup = (clientKey: string) => findTenant(db.reader, clientKey);
  return (req, res, next) => {
    void (async () => {
      const verified = await ace.verify(req, res, "session");
      if (verified.subject === undefined) throw new ApiError(401, "UNAUTHENTICATED", "The session token names no user; open the page from Bitbucket again");
      const tenant = tenants ? await tenants.get(verified.clientKey, lookup) : await lookup(verified.clientKey);
      if (!tenant) throw new ApiError(401, "UNAUTHENTICATED", "This installation is not known; reinstall the app");
      setTenantContext(res, {
        clientKey: tenant.clientKey,
        workspaceUuid: tenant.workspaceUuid,
        workspaceSlug: tenant.workspaceSlug,
        userUuid: verified.subject,
      });
    })().then(() => { next(); }, next);
  };
}

export interface RequireAdminOptions {
  /** The project the route is about (e.g. `req => req.params.projectKey`); its admins qualify besides workspace admins. */
  readonly projectKey?: (req: Request) => string | undefined;
}

/**
 * Lets only a workspace admin (owner role), or an admin of the route's project, through. Checked against Bitbucket by the
 * AdminCheck port (cached a few minutes there). Mount after {@link authenticateApi}.
 * - not an admin → 403 NOT_AN_ADMIN, never data;
 * - Bitbucket cannot answer → 503 BITBUCKET_UNAVAILABLE (deny, never allow).
 */
export function requireAdmin(adminCheck: AdminCheck, logger: Logger, options: RequireAdminOptions = {}): RequestHandler {
  return (req, res, next) => {
    void (async () => {
      const tenant = tenantOf(res);
      const projectKey = options.projectKey?.(req);
      let verdict;
      try {
        verdict = await adminCheck.check({
          clientKey: tenant.clientKey,
          workspaceUuid: tenant.workspaceUuid,
          workspaceSlug: tenant.workspaceSlug,
          userId: tenant.userUuid,
          projectKey,
        });
      } catch (error) {
        if (!(error instanceof AdminCheckUnavailable)) throw error;
        logger.warn({ clientKey: tenant.clientKey, err: error.message }, "admin check failed");
        throw new ApiError(503, "BITBUCKET_UNAVAILABLE", "Bitbucket could not confirm your admin rights right now; try again in a minute");
      }
      if (!verdict.admin) {
        const scope = projectKey === undefined ? "a workspace admin" : `a workspace admin or an admin of project ${projectKey}`;
        throw new ApiError(403, "NOT_AN_ADMIN", `Only ${scope} can use Project Access.${verdict.note ? ` Note: ${verdict.note}.` : ""}`);
      }
    })().then(() => { next(); }, next);
  };
}
