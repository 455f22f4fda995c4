import { Router, type Request, type Response } from "express";
import type { Ace } from "../connect/ace";
import type { Database } from "../db/database";
import { findTenant } from "../db/tenants";
import { ApiError } from "./api-error";
import { setPageCsp } from "./security-headers";

export type PageName = "access" | "configure";

/** Bitbucket project keys: letters, digits and underscores (we accept `-` too and let the API decide). */
const PROJECT_KEY = /^[A-Za-z0-9_-]{1,128}$/;

export interface PageDeps {
  readonly ace: Ace;
  readonly db: Database;
  readonly hostScriptUrl: string;
  readonly frameAncestors: readonly string[];
}

async function renderPage(deps: PageDeps, page: PageName, req: Request, res: Response): Promise<void> {
  const verified = await deps.ace.verify(req, res, "qsh");
  const tenant = await findTenant(deps.db.knex, verified.clientKey);
  if (!tenant) throw new ApiError(401, "UNAUTHENTICATED", "This installation is not known; reinstall the app");
  const project = typeof req.query.project === "string" && PROJECT_KEY.test(req.query.project) ? req.query.project : "";
  setPageCsp(res, { hostScriptUrl: deps.hostScriptUrl, ancestors: deps.frameAncestors });
  res.render("page", {
    page,
    title: page === "access" ? "Project access" : "Project Access settings",
    hostScriptUrl: deps.hostScriptUrl,
    bundleUrl: `/assets/${page}.js`,
    sessionToken: verified.sessionToken,
    workspace: tenant.workspaceSlug ?? "",
    project,
  });
}

/**
 * The iframe pages. Each is verified with the JWT Bitbucket puts on the URL (`?jwt=`, qsh included) and answers a shell that
 * loads the host script and the page bundle, carrying a fresh ACE session token for the page's /api calls.
 * - `/access?workspace={workspace.slug}[&project=KEY]`: the admin page; `project` opens one project directly;
 * - `/configure`: per-workspace settings.
 * The `workspace` parameter is display-only: the tenant always comes from the verified JWT.
 */
export function pageRoutes(deps: PageDeps): Router {
  const router = Router();
  for (const page of ["access", "configure"] as const) {
    router.get(`/${page}`, (req, res, next) => { renderPage(deps, page, req, res).catch(next); });
  }
  return router;
}
