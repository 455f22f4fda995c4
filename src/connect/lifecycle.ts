import { Router, type Request, type Response } from "express";
import { getAlgorithm } from "atlassian-jwt";
import type { Config } from "../config/env";
import type { Database } from "../db/database";
import { deleteTenantData } from "../db/tenant-data";
import { upsertTenant } from "../db/tenants";
import type { Logger } from "../log/logger";
import { ApiError } from "../http/api-error";
import type { Ace } from "./ace";
import type { InstallProbe } from "./install-probe";
import { installPayloadSchema, issuesOf, uninstallPayloadSchema, type InstallPayload } from "./install-payload";

export interface LifecycleDeps {
  readonly ace: Ace;
  readonly config: Config;
  readonly db: Database;
  readonly logger: Logger;
  readonly probe: InstallProbe;
  readonly nowMs: () => number;
  /** Called after a tenant's data is gone (e.g. to drop cached admin verdicts and tenant rows). */
  readonly onUninstalled?: (clientKey: string) => void;
  /** Called after an install or re-install is stored (e.g. to drop a cached tenant row that may have changed). */
  readonly onInstalled?: (clientKey: string) => void;
}

function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

const trimSlash = (url: string): string => url.replace(/\/+$/, "");

/** Step 1 of bitbucket-platform.md §2.3: both hosts allowed, and the API base is exactly the configured one. */
function checkHosts(payload: InstallPayload, config: Config): void {
  for (const [field, url] of [["baseUrl", payload.baseUrl], ["baseApiUrl", payload.baseApiUrl]] as const) {
    if (!config.hostAllowlist.includes(hostOf(url))) {
      throw new ApiError(401, "INSTALL_HOST_NOT_ALLOWED", `The ${field} host ${hostOf(url)} may not install this app; allowed hosts: ${config.hostAllowlist.join(", ")} (AC_HOST_WHITELIST adds more)`);
    }
  }
  if (trimSlash(payload.baseApiUrl) !== config.bitbucketApiBase) {
    throw new ApiError(401, "INSTALL_HOST_NOT_ALLOWED", `baseApiUrl must be ${config.bitbucketApiBase}; this app sends installation secrets to no other API`);
  }
}

function bearsToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("JWT ") ? header.slice(4) : undefined;
}

/** Bitbucket signs lifecycle calls with HS256 only; an RS256 token would make ACE fetch keys from Atlassian's CDN. */
function refuseNonHs256(req: Request): void {
  const token = bearsToken(req);
  if (token === undefined) return;
  let alg: unknown;
  try {
    alg = getAlgorithm(token);
  } catch {
    throw new ApiError(401, "INSTALL_SIGNATURE_INVALID", "The lifecycle JWT is malformed");
  }
  if (alg !== "HS256") throw new ApiError(401, "INSTALL_SIGNATURE_UNSUPPORTED", `Lifecycle calls must be signed with HS256, not ${String(alg)}`);
}

/**
 * A lifecycle call about a known tenant must be signed (qsh included) with that tenant's stored secret, and be about itself.
 * @throws {ApiError} 401 INSTALL_SIGNATURE_INVALID otherwise
 */
async function requireSignedBy(deps: LifecycleDeps, req: Request, res: Response, clientKey: string): Promise<void> {
  let verifiedKey: string;
  try {
    verifiedKey = (await deps.ace.verify(req, res, "qsh")).clientKey;
  } catch (error) {
    if (error instanceof ApiError) {
      throw new ApiError(401, "INSTALL_SIGNATURE_INVALID", `This call about a known installation must be signed with its shared secret: ${error.message}`);
    }
    throw error;
  }
  if (verifiedKey !== clientKey) {
    throw new ApiError(401, "INSTALL_SIGNATURE_INVALID", "The JWT was signed for another installation than the payload's clientKey");
  }
  // ACE set a session token header for the lifecycle call; it has no use there.
  res.removeHeader("X-acpt");
}

async function install(deps: LifecycleDeps, req: Request, res: Response): Promise<void> {
  const log = deps.logger.child({ route: "installed" });
  refuseNonHs256(req);
  const parsed = installPayloadSchema(deps.ace.appKey).safeParse(req.body);
  if (!parsed.success) throw new ApiError(400, "INVALID_INSTALL_PAYLOAD", "The installed payload is malformed", issuesOf(parsed.error));
  const payload = parsed.data;
  checkHosts(payload, deps.config);

  const known = await deps.ace.getInstallation(payload.clientKey);
  if (known) {
    await requireSignedBy(deps, req, res, payload.clientKey);
  } else {
    // A first install carries no signature (or, after an uninstall, one by a secret we deleted): ask Bitbucket instead.
    const result = await deps.probe.verify({
      credential: { appKey: deps.ace.appKey, clientKey: payload.clientKey, sharedSecret: payload.sharedSecret },
      workspaceUuid: payload.principal.uuid,
    });
    if (!result.ok) {
      log.warn({ clientKey: payload.clientKey, probe: result }, "install refused: Bitbucket did not confirm the shared secret");
      if (result.kind === "unavailable") {
        throw new ApiError(503, "BITBUCKET_UNAVAILABLE", "Bitbucket could not be reached to confirm this installation; try installing again");
      }
      throw new ApiError(401, "INSTALL_NOT_CONFIRMED", `Bitbucket did not confirm this installation's shared secret (it answered ${result.status}); nothing was stored`);
    }
  }

  const tenant = {
    clientKey: payload.clientKey,
    workspaceUuid: payload.principal.uuid,
    workspaceSlug: payload.principal.username,
    baseApiUrl: trimSlash(payload.baseApiUrl),
    installedAtMs: deps.nowMs(),
  };
  await upsertTenant(deps.db.knex, tenant);
  try {
    await deps.ace.saveInstallation({ ...payload, baseApiUrl: tenant.baseApiUrl, principal: { uuid: payload.principal.uuid, username: payload.principal.username } });
  } catch (error) {
    // Never leave a tenant row without its secret on a first install; a re-install keeps its rows.
    if (!known) await deleteTenantData(deps.db, payload.clientKey);
    throw error;
  } finally {
    deps.onInstalled?.(payload.clientKey);
  }
  log.info({ clientKey: tenant.clientKey, workspaceUuid: tenant.workspaceUuid, reinstall: Boolean(known) }, "installation stored");
  res.status(204).end();
}

async function uninstall(deps: LifecycleDeps, req: Request, res: Response): Promise<void> {
  refuseNonHs256(req);
  const parsed = uninstallPayloadSchema.safeParse(req.body);
  if (!parsed.success) throw new ApiError(400, "INVALID_INSTALL_PAYLOAD", "The uninstalled payload is malformed", issuesOf(parsed.error));
  const { clientKey } = parsed.data;
  await requireSignedBy(deps, req, res, clientKey);
  const deleted = await deleteTenantData(deps.db, clientKey);
  // At once, not after a TTL: the secret is gone from the store, so it must be gone from the cache before we answer.
  deps.ace.forget(clientKey);
  deps.onUninstalled?.(clientKey);
  deps.logger.info({ route: "uninstalled", clientKey, deleted }, "installation and all its data deleted");
  res.status(204).end();
}

/**
 * `POST /installed` and `POST /uninstalled`, ours instead of ACE's (`setupInstallRoute: false`), so every check of
 * bitbucket-platform.md §2.3 runs before anything is stored, and uninstall deletes everything the workspace left.
 * @see https://developer.atlassian.com/cloud/bitbucket/authentication-for-apps/
 */
export function lifecycleRoutes(deps: LifecycleDeps): Router {
  const router = Router();
  router.post("/installed", (req, res, next) => { install(deps, req, res).catch(next); });
  router.post("/uninstalled", (req, res, next) => { uninstall(deps, req, res).catch(next); });
  return router;
}
