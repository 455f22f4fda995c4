import path from "node:path";
import express, { Router, type RequestHandler } from "express";
import hbs from "hbs";
import type { Config } from "./config/env";
import type { Database } from "./db/database";
import type { Logger } from "./log/logger";
import { createAce, findProjectRoot } from "./connect/ace";
import { cacheAdminCheck, createBitbucketAdminCheck, type AdminCheck } from "./connect/admin-check";
import { createBitbucketClient } from "./bitbucket";
import { createInstallProbe, type InstallProbe } from "./connect/install-probe";
import { createTenantCache, TENANT_CACHE_TTL_MS } from "./connect/tenant-cache";
import type { Tenant } from "./db/tenants";
import { lifecycleRoutes } from "./connect/lifecycle";
import { WebhookEvents, webhookRoutes } from "./connect/webhooks";
import { authenticateApi, requireAdmin, type RequireAdminOptions } from "./http/api-auth";
import { errorMiddleware, notFound } from "./http/error-middleware";
import { pageRoutes } from "./http/pages";
import { requestLog } from "./http/request-log";
import { useLeanJson } from "./http/lean-json";
import { frameAncestors, securityHeaders } from "./http/security-headers";
import { settingsRoutes } from "./http/settings-routes";

/** Epoch milliseconds; tests pass a fake. */
export interface Clock {
  now(): number;
}

/** What an /api route module gets to build its routes with. */
export interface ApiKit {
  readonly db: Database;
  readonly logger: Logger;
  readonly clock: Clock;
  /** 403 unless the caller is a workspace admin, or (with `projectKey`) an admin of that project. */
  requireAdmin(options?: RequireAdminOptions): RequestHandler;
}

/** Builds routes mounted under /api, behind the session-token authentication; use `tenantOf(res)` for the caller. */
export type ApiRouteModule = (kit: ApiKit) => Router;

export interface AppDeps {
  readonly config: Config;
  readonly db: Database;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The transport to Bitbucket for the default install probe and admin check. Default: global fetch. */
  readonly fetch?: typeof globalThis.fetch;
  readonly installProbe?: InstallProbe;
  /** Default: the Bitbucket-backed check, cached `adminCacheTtlMs` per (clientKey, user, project). */
  readonly adminCheck?: AdminCheck;
  readonly adminCacheTtlMs?: number;
  /**
   * How long the installation (ACE's clientInfo) and the tenants row are kept in memory per tenant; 0 disables. Default 5 s.
   * Install and uninstall clear them at once on this instance; other instances see the change within this time.
   */
  readonly tenantCacheTtlMs?: number;
  /** Verified repository webhooks are published here; the engine subscribes. */
  readonly webhooks?: WebhookEvents;
  /** Further /api route modules (projects, jobs, credentials…), mounted after /api/settings. */
  readonly apiRoutes?: readonly ApiRouteModule[];
  /** Extra origins allowed to frame the pages (besides Bitbucket and, in the sandbox, the simulator). */
  readonly frameAncestors?: readonly string[];
  /** The key that seals stored credentials (src/crypto/secret-box.ts), for the credential routes to come. */
  readonly secretKey?: Buffer;
  /** Folder with atlassian-connect.json, config.json and views/. Default: found above this file. */
  readonly projectRoot?: string;
  /** The page bundles served at /assets. Default: <projectRoot>/dist/web. */
  readonly assetsDir?: string;
  /**
   * Express `trust proxy`. Default: "loopback, linklocal, uniquelocal", i.e. a load balancer on a private network may set
   * X-Forwarded-For/-Proto. It only affects req.ip and req.protocol (logs); JWT verification never depends on it.
   */
  readonly trustProxy?: boolean | number | string;
  /** Only for ACE's own environment checks (AC_OPTS, AC_PRODUCT, DB_URL). Default: process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

const closers = new WeakMap<express.Express, () => Promise<void>>();

/** Releases what createApp opened (ACE's store connection); the database in deps stays the caller's to close. */
export async function closeApp(app: express.Express): Promise<void> {
  await closers.get(app)?.();
  closers.delete(app);
}

const JSON_LIMIT = "100kb";
const ADMIN_CACHE_TTL_MS = 3 * 60_000;

/**
 * Builds the Express app (Express 4 + ACE) without listening: src/server.ts listens, tests use supertest.
 * Resolves once ACE's store is synced and its routes are mounted.
 * @throws {Error} when the configuration would make ACE unsafe (see assertAceEnvironmentSafe) or cannot share the database
 */
export async function createApp(deps: AppDeps): Promise<express.Express> {
  const { config, db, logger } = deps;
  const clock: Clock = deps.clock ?? { now: () => Date.now() };
  const nowMs = () => clock.now();
  // One client for the app's own calls as the installation (install probe, admin check); the engine has its own.
  const bitbucket = createBitbucketClient({ baseUrl: config.bitbucketApiBase, ...(deps.fetch ? { fetch: deps.fetch } : {}), clock: nowMs });
  const projectRoot = deps.projectRoot ?? findProjectRoot();
  const webhooks = deps.webhooks ?? new WebhookEvents();

  const tenantCacheTtlMs = deps.tenantCacheTtlMs ?? TENANT_CACHE_TTL_MS;
  const ace = await createAce({ config, logger, projectRoot, installationCacheTtlMs: tenantCacheTtlMs, ...(deps.env ? { env: deps.env } : {}) });
  const tenants = createTenantCache<Tenant>({ ttlMs: tenantCacheTtlMs });
  const installProbe = deps.installProbe ?? createInstallProbe(bitbucket);
  const bitbucketAdminCheck = deps.adminCheck ?? createBitbucketAdminCheck({
    installationApi: async (clientKey) => {
      const installation = await ace.getInstallation(clientKey);
      return installation && bitbucket.as({ kind: "connect-jwt", appKey: ace.appKey, clientKey, sharedSecret: installation.sharedSecret });
    },
  });
  const adminCheck = cacheAdminCheck(bitbucketAdminCheck, { ttlMs: deps.adminCacheTtlMs ?? ADMIN_CACHE_TTL_MS, nowMs });

  const app = express();
  app.disable("x-powered-by");
  // Every answer is `Cache-Control: no-store` (security-headers.ts), so no client revalidates: hashing each JSON body for
  // an ETag was CPU spent per request for nothing (most for the access overview and job items).
  app.set("etag", false);
  useLeanJson(app);
  app.set("trust proxy", deps.trustProxy ?? "loopback, linklocal, uniquelocal");
  app.set("views", path.join(projectRoot, "views"));
  app.set("view engine", "hbs");
  app.engine("hbs", (file, options, callback) => { hbs.__express(file, options, callback); });

  app.use(requestLog(logger));
  app.use(securityHeaders());
  // Before every route: the lifecycle routes need req.body, and ACE's authenticate() reads req.body.jwt.
  app.use(express.json({ limit: JSON_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: JSON_LIMIT }));

  // /api first: the API's calls (status polls above all) then skip the lifecycle, webhook and page routers' matching.
  const kit: ApiKit = { db, logger, clock, requireAdmin: (options) => requireAdmin(adminCheck, logger, options) };
  const api = Router();
  api.use(authenticateApi(ace, db, tenants));
  api.use(settingsRoutes(db, nowMs, kit.requireAdmin()));
  for (const module of deps.apiRoutes ?? []) api.use(module(kit));
  api.use(notFound());
  app.use("/api", api);

  app.use(lifecycleRoutes({ ace, config, db, logger, probe: installProbe, nowMs,
    onInstalled: (key) => { tenants.forget(key); },
    onUninstalled: (key) => { tenants.forget(key); adminCheck.forget(key); },
  }));
  app.use(webhookRoutes(ace, webhooks, logger));
  app.use(pageRoutes({ ace, db, hostScriptUrl: config.hostScriptUrl, frameAncestors: frameAncestors(config, deps.frameAncestors) }));
  app.use("/assets", express.static(deps.assetsDir ?? path.join(projectRoot, "dist", "web"), { index: false, fallthrough: true }));
  // ACE's sub-app: GET /atlassian-connect.json (its webhook routes are shadowed by ours above).
  app.use(ace.routes);
  app.use(notFound());
  app.use(errorMiddleware(logger));

  closers.set(app, () => ace.close());
  return app;
}
