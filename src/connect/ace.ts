/**
 * The typed adapter around atlassian-connect-express (ACE) 11.5.3. ACE is loosely typed and global-minded (it reads
 * config.json and the descriptor from disk, reads process.env, registers a process handler per instance), so everything
 * that touches it lives here, behind the small `Ace` interface the rest of the app uses.
 * @see https://bitbucket.org/atlassian/atlassian-connect-express
 */
import type { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import express, { type Request, type RequestHandler, type Response } from "express";
import aceFactory from "atlassian-connect-express";
import { decodeSymmetric, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { z } from "zod";
import type { Config } from "../config/env";
import type { Logger } from "../log/logger";
import { ApiError } from "../http/api-error";
import { aceStoreOptions, type AceStoreOptions } from "./store-options";
import { precheck, SESSION_TOKEN_HEADER, tokenOf, userOf, type TokenClaims, type TokenKind } from "./jwt-checks";
import { scrubTokens } from "./scrub";
import { createTenantCache, TENANT_CACHE_TTL_MS } from "./tenant-cache";

/** What ACE stored for an installation (its AddonSettings row `clientInfo`): the validated `installed` payload. */
export interface StoredInstallation {
  readonly key: string;
  readonly clientKey: string;
  readonly sharedSecret: string;
  readonly baseUrl: string;
  readonly baseApiUrl: string;
  readonly productType: string;
  readonly eventType: string;
  readonly principal: { readonly uuid: string; readonly username?: string | undefined };
}

/** A request whose JWT ACE verified against the stored shared secret. */
export interface VerifiedJwt {
  readonly clientKey: string;
  /** The JWT's `sub`: the acting user (`{uuid}` or an account id), undefined for lifecycle calls. */
  readonly subject: string | undefined;
  /** A fresh ACE session token for the page (also sent in the `X-acpt` response header). */
  readonly sessionToken: string;
}

export type { TokenKind } from "./jwt-checks";

export interface Ace {
  readonly appKey: string;
  /** The descriptor as served, with baseUrl filled in. */
  readonly descriptor: Readonly<Record<string, unknown>>;
  /** An Express sub-app with `GET /atlassian-connect.json` (and ACE's auto-registered webhook routes, which ours shadow). */
  readonly routes: express.Express;
  /**
   * Verifies the request's JWT with ACE (HS256 with the stored secret, `exp`, and for "qsh" the query string hash).
   * @throws {ApiError} 401 UNAUTHENTICATED when the token is missing, malformed, expired, wrongly signed, has the wrong qsh,
   *   another algorithm, no `exp`, or names an unknown tenant
   */
  verify(req: Request, res: Response, kind: TokenKind): Promise<VerifiedJwt>;
  getInstallation(clientKey: string): Promise<StoredInstallation | undefined>;
  saveInstallation(installation: StoredInstallation): Promise<void>;
  /** Drops the cached installation at once (uninstall, or its rows deleted behind ACE's back). */
  forget(clientKey: string): void;
  close(): Promise<void>;
}

/** The parts of ACE's Addon we use. ACE's own d.ts types them with `any` and `request`; this is the whole surface. */
interface AceAddon extends EventEmitter {
  readonly key: string;
  readonly descriptor: Record<string, unknown>;
  readonly config: { product(): { readonly isBitbucket: boolean }; maxTokenAge(): number };
  readonly settings: {
    // Writable: createAce puts a cache in front of clientInfo reads.
    get(key: string, clientKey: string): Promise<unknown>;
    saveInstallation(value: unknown, clientKey: string): Promise<unknown>;
    readonly connectionPromise: Promise<unknown>;
    readonly installationMappingPromise: Promise<unknown>;
    readonly forgeSettingsPromise: Promise<unknown>;
    readonly sequelize: { close(): Promise<void> };
  };
  authenticate(skipQshVerification?: boolean): RequestHandler;
}

/** ACE's construction signature, narrowed to how we call it (absolute file names, our logger, a ready callback). */
type AceFactory = (
  app: express.Express,
  opts: { config: Record<string, unknown> },
  logger: AceLogger,
  fileNames: { descriptorFilename: string; configFileName: string },
  callback: () => void,
) => AceAddon;

interface AceLogger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  log(...args: unknown[]): void;
}

const storedInstallationSchema = z.object({
  key: z.string(),
  clientKey: z.string(),
  sharedSecret: z.string().min(1),
  baseUrl: z.string(),
  baseApiUrl: z.string(),
  productType: z.string(),
  eventType: z.string(),
  principal: z.object({ uuid: z.string(), username: z.string().optional() }),
});

/** ACE's logging, routed into pino at debug/info/warn. ACE puts token segments into some messages: scrub them. */
function aceLogger(logger: Logger): AceLogger {
  const child = logger.child({ component: "ace" });
  const text = (args: unknown[]): string =>
    scrubTokens(
      args
        // ACE's first argument is sometimes a context object holding the request body; we drop it rather than log it.
        .filter((a) => typeof a !== "object" || a === null || a instanceof Error)
        .map((a) => (a instanceof Error ? a.message : String(a)))
        .join(" "),
    );
  return {
    info: (...a) => { child.debug(text(a)); },
    debug: (...a) => { child.debug(text(a)); },
    log: (...a) => { child.debug(text(a)); },
    warn: (...a) => { child.info(text(a)); },
    error: (...a) => { child.warn(text(a)); },
  };
}

/**
 * ACE reads some switches straight from process.env at request time. Refuse to start when one would weaken
 * verification or point ACE at another database than ours.
 * @throws {Error} when AC_OPTS disables auth, AC_PRODUCT is not bitbucket, or DB_URL differs from DATABASE_URL
 */
export function assertAceEnvironmentSafe(env: NodeJS.ProcessEnv, store: AceStoreOptions): void {
  if (/no-auth|no-token-verfication/.test(env.AC_OPTS ?? "")) {
    throw new Error("AC_OPTS must not contain no-auth or no-token-verfication: they switch off JWT verification");
  }
  if (env.AC_PRODUCT && env.AC_PRODUCT !== "bitbucket") throw new Error("AC_PRODUCT must be bitbucket (or unset)");
  if (env.DB_URL && (store.dialect !== "postgres" || env.DB_URL !== store.url)) {
    throw new Error("DB_URL would point ACE's store at another database than DATABASE_URL; unset it");
  }
}

/** ACE hands failures to next() as `{code, message}` (expressErrorHandling: true). */
function toApiError(err: unknown): Error {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? scrubTokens(e.message) : "Authentication failed";
  if (e.code === 500) return new Error(`ACE could not read the tenant store: ${message}`);
  // ACE answers 400 for a bad signature ("Unable to decodeSymmetric JWT token"); to a caller it is a failed authentication.
  return new ApiError(401, "UNAUTHENTICATED", message.startsWith("Unable to decode") ? "The JWT signature is not valid" : message);
}

function readVerified(res: Response): VerifiedJwt {
  const locals = res.locals as { clientKey?: unknown; userAccountId?: unknown; token?: unknown };
  if (typeof locals.clientKey !== "string" || typeof locals.token !== "string") throw new Error("ACE verified a request but set no clientKey");
  return {
    clientKey: locals.clientKey,
    subject: typeof locals.userAccountId === "string" && locals.userAccountId !== "" ? locals.userAccountId : undefined,
    sessionToken: locals.token,
  };
}

/** Walks up from this file to the folder holding atlassian-connect.json (src/connect or dist/src/connect both work). */
export function findProjectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, "atlassian-connect.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`atlassian-connect.json not found above ${start}`);
    dir = parent;
  }
}

export interface AceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly projectRoot: string;
  /** Defaults to process.env: only for the safety checks of {@link assertAceEnvironmentSafe}. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * How long a stored installation (clientInfo) is kept in memory; 0 reads ACE's store on every request. Default 5 s: see
   * src/connect/tenant-cache.ts for why it must stay a few seconds with several instances.
   */
  readonly installationCacheTtlMs?: number;
}

/**
 * Builds ACE on its own Express sub-app and waits until its store tables are synced and its routes are mounted, so tests can
 * create several apps in one process deterministically.
 * @throws {Error} when the environment would weaken ACE (see assertAceEnvironmentSafe) or ACE is not set up for Bitbucket
 */
export async function createAce(options: AceOptions): Promise<Ace> {
  const { config, logger, projectRoot } = options;
  const store = aceStoreOptions(config.databaseUrl);
  assertAceEnvironmentSafe(options.env ?? process.env, store);

  const mode = config.nodeEnv === "production" ? "production" : "development";
  const localBaseUrl = config.localBaseUrl ?? `http://localhost:${config.port}`;
  const routes = express();
  routes.set("env", mode);
  routes.disable("x-powered-by");

  const overrides: Record<string, unknown> = {
    [mode]: {
      product: "bitbucket",
      setupInstallRoute: false,
      expressErrorHandling: true,
      watch: false,
      validateDescriptor: false,
      localBaseUrl,
      hostScriptUrl: config.hostScriptUrl,
      whitelist: config.hostAllowlist.join(","),
      store: { ...store },
      // ACE prefers AC_LOCAL_BASE_URL from process.env over its config; the descriptor's baseUrl must come from our Config.
      descriptorTransformer: (descriptor: Record<string, unknown>) => ({ ...descriptor, baseUrl: localBaseUrl }),
    },
  };

  const listenersBefore = new Set(process.listeners("unhandledRejection"));
  // The one cast: ACE's d.ts declares `export =` with loose overloads; AceFactory is the narrowed call we make.
  const factory = aceFactory as unknown as AceFactory;
  let addon: AceAddon | undefined;
  await new Promise<void>((resolve, reject) => {
    try {
      addon = factory(
        routes,
        { config: overrides },
        aceLogger(logger),
        {
          descriptorFilename: path.join(projectRoot, "atlassian-connect.json"),
          configFileName: path.join(projectRoot, "config.json"),
        },
        resolve,
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  // ACE adds a process-wide unhandledRejection logger per instance; the server installs its own, once.
  for (const listener of process.listeners("unhandledRejection")) {
    if (!listenersBefore.has(listener)) process.removeListener("unhandledRejection", listener);
  }
  if (!addon) throw new Error("ACE did not initialise");
  const ace = addon;
  if (!ace.config.product().isBitbucket) throw new Error("ACE is not configured for Bitbucket");
  await Promise.all([ace.settings.connectionPromise, ace.settings.installationMappingPromise, ace.settings.forgeSettingsPromise]);

  // ACE's authenticate/checkValidToken read `clientInfo` from its sequelize store on every request (a database round trip
  // before any route runs). Reads of clientInfo go through a short-lived cache instead; every other key goes straight
  // through. The signature, exp, qsh and our precheck still run on every request: only the row lookup is saved.
  const installations = createTenantCache<unknown>({ ttlMs: options.installationCacheTtlMs ?? TENANT_CACHE_TTL_MS });
  const storeGet = ace.settings.get.bind(ace.settings);
  ace.settings.get = (key, clientKey) =>
    key === "clientInfo"
      ? installations.get(clientKey, async (k) => (await storeGet(key, k)) ?? undefined).then((v) => v ?? null)
      : storeGet(key, clientKey);

  // ACE mounts the descriptor at baseUrl + descriptorFilename, which is only right for a cwd-relative file name; we pass an
  // absolute one (so no cwd is assumed) and serve ACE's processed descriptor ourselves.
  routes.get("/atlassian-connect.json", (_req, res) => {
    res.charset = "UTF-8";
    res.json(ace.descriptor);
  });

  const pageAuth = ace.authenticate();
  const maxTokenAgeSec = Math.floor(ace.config.maxTokenAge() / 1000);

  /**
   * An /api call's session token, checked as ACE's checkValidToken checks it (the installation named by `aud`, HS256 with
   * its shared secret, `exp`) but in one pass over the claims `precheck` already decoded: ACE decodes the token three
   * times and runs its page middleware on every API call, which was a tenth of the job-status route's time under load.
   * Like ACE, every answer carries a fresh token for the page to use next (`X-acpt`).
   */
  const verifySession = async (token: string, claims: TokenClaims, res: Response): Promise<VerifiedJwt> => {
    const clientKey = Array.isArray(claims.aud) && typeof claims.aud[0] === "string" ? claims.aud[0] : undefined;
    if (clientKey === undefined) throw new ApiError(401, "UNAUTHENTICATED", "The session token names no installation (aud)");
    const installation = await getInstallation(clientKey);
    if (!installation) throw new ApiError(401, "UNAUTHENTICATED", "This installation is not known; reinstall the app");
    try {
      decodeSymmetric(token, installation.sharedSecret, SymmetricAlgorithm.HS256);
    } catch {
      throw new ApiError(401, "UNAUTHENTICATED", "The JWT signature is not valid");
    }
    const nowSec = Math.floor(Date.now() / 1000);
    if (nowSec >= claims.exp) throw new ApiError(401, "UNAUTHENTICATED", "Authentication request has expired. Try reloading the page.");
    const subject = userOf(claims);
    const sessionToken = encodeSymmetric(
      { iss: ace.key, iat: nowSec, sub: claims.sub, exp: nowSec + maxTokenAgeSec, aud: [clientKey], ...(claims.context === undefined ? {} : { context: claims.context }) },
      installation.sharedSecret,
      SymmetricAlgorithm.HS256,
    );
    res.setHeader(SESSION_TOKEN_HEADER, sessionToken);
    return { clientKey, subject, sessionToken };
  };

  // Validated once per stored value: the cache above hands out the same object until it reloads, and every API call asks.
  const validated = new WeakMap<object, StoredInstallation>();
  const getInstallation = async (clientKey: string): Promise<StoredInstallation | undefined> => {
    const raw = await ace.settings.get("clientInfo", clientKey);
    if (raw === null || raw === undefined) return undefined;
    const known = typeof raw === "object" ? validated.get(raw) : undefined;
    if (known) return known;
    const parsed = storedInstallationSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`the stored installation of ${clientKey} is malformed`);
    if (typeof raw === "object") validated.set(raw, parsed.data);
    return parsed.data;
  };

  return {
    appKey: ace.key,
    descriptor: ace.descriptor,
    routes,
    async verify(req, res, kind) {
      const token = tokenOf(req, kind);
      const claims = precheck(token, kind, ace.key);
      if (kind === "session") return verifySession(token, claims, res);
      await new Promise<void>((resolve, reject) => {
        pageAuth(req, res, (err?: unknown) => {
          if (err === undefined || err === null) resolve();
          else reject(toApiError(err));
        });
      });
      return readVerified(res);
    },
    getInstallation,
    async saveInstallation(installation) {
      // Forgotten before and after: a read racing the write must not keep the old secret for the TTL.
      installations.forget(installation.clientKey);
      try {
        await ace.settings.saveInstallation({ ...installation }, installation.clientKey);
      } finally {
        installations.forget(installation.clientKey);
      }
    },
    forget: (clientKey) => { installations.forget(clientKey); },
    close: () => ace.settings.sequelize.close(),
  };
}
