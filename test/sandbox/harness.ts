/**
 * The sandbox as `npm start` runs it, in process, for browser tests: the simulator with the demo workspace, the app built
 * with the sandbox's configuration and installed through the real Connect lifecycle, the demo write credential saved
 * through the app's API, a job worker, and headless Chromium (Debian's /usr/bin/chromium).
 *
 * Screenshots go to test-artifacts/sandbox/; with UPDATE_SCREENSHOTS=1 the ones named for the docs are also written to
 * docs/screenshots/ (the README shows them), so an ordinary run never dirties the tree.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type express from "express";
import { chromium, type Browser, type Page } from "playwright-core";
import { closeApp, createApp } from "../../src/app";
import { readConfig } from "../../src/config/env";
import { installationLookup } from "../../src/connect/installations";
import { WebhookEvents } from "../../src/connect/webhooks";
import { openDatabase, type Database } from "../../src/db/database";
import { createEngine, type Engine, type EngineTuning } from "../../src/engine";
import { engineApiRoutes } from "../../src/http/api";
import type { JobWorker } from "../../src/jobs";
import { createLogger } from "../../src/log/logger";
import { ACCESS_MODULE_KEY, startSandbox, type Sandbox } from "../../src/sandbox";
import { DEMO } from "../bitbucket-sim";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../helpers/test-database";

export const ROOT = path.resolve(__dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "test-artifacts", "sandbox");
export const DOCS_SCREENSHOTS = path.join(ROOT, "docs", "screenshots");
export const SETTINGS_MODULE_KEY = "project-access-configure";
const CHROMIUM = "/usr/bin/chromium";

/**
 * Production's engine, with the times shrunk so a 320-repository job takes seconds instead of minutes: writes go four at a
 * time, 10 ms apart (slow enough for a page polling every 1.5 s to show the bar moving), retries back off in milliseconds.
 */
export const TEST_TUNING: EngineTuning = {
  retry: { baseMs: 1, maxDelayMs: 5 },
  throttle: { write: { maxConcurrent: 4, minTimeMs: 10 } },
  outcomePolicy: { backoff: { baseMs: 10, factor: 2, maxMs: 100, jitter: 0 } },
};

export interface SandboxHarnessOptions {
  /** Engine tuning; default none (production's), as `npm start` runs. */
  readonly tuning?: EngineTuning;
  /** Start a job worker (polling every 20 ms). Default false. */
  readonly worker?: boolean;
}

export interface SandboxHarness {
  readonly sandbox: Sandbox;
  readonly engine: Engine;
  readonly db: Database;
  /** The app's base URL. */
  readonly appBase: string;
  /** The host page of the Access page, as `npm start` prints it. */
  readonly url: string;
  readonly browser: Browser;
  /** The host page (Bitbucket's workspace settings) of a module, optionally as another user (`?as=`). */
  hostPage(moduleKey: string, userUuid?: string): string;
  /** A demo user's `{uuid}` by nickname (e.g. "olivia-owner", "user-05"). */
  userUuid(nickname: string): string;
  /** Calls the app's /api as a user with a session token the app itself issued (as the page would). */
  api(userUuid: string, method: string, apiPath: string, body?: unknown): Promise<Response>;
  /** A fresh page (1400×900) that records uncaught page errors in `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** The page bundle, built from the current src/web into a temp folder (so a stale dist/web or a concurrent build cannot interfere). */
function buildWebAssets(tmp: string): string {
  const outdir = path.join(tmp, "web");
  execFileSync(process.execPath, [path.join(ROOT, "scripts/build-web.mjs"), `--outdir=${outdir}`], { cwd: ROOT, stdio: "pipe" });
  return outdir;
}

export async function startSandboxHarness(options: SandboxHarnessOptions = {}): Promise<SandboxHarness> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = mkdtempSync(path.join(tmpdir(), "pa-sandbox-"));
  const testDb: TestDatabaseUrl = await createTestDatabaseUrl();
  // The app's port must be known before it is built (its descriptor's baseUrl), so the server listens first.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const appBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const envConfig = readConfig({
    NODE_ENV: "development", PORT: "0", DATABASE_URL: testDb.url, DATA_DIR: tmp, AC_LOCAL_BASE_URL: appBase, LOG_LEVEL: "silent",
  });
  if (!envConfig.sandbox) throw new Error("NODE_ENV=development should turn the sandbox on");
  const logger = createLogger("silent");
  const sandbox = await startSandbox(envConfig, logger, { persist: false });
  const config = sandbox.config;
  const db = await openDatabase(config.databaseUrl);
  const secretKey = randomBytes(32);
  const engine = createEngine({
    db, clock: () => Date.now(), bitbucketApiBase: config.bitbucketApiBase, secretKey, appKey: "project-access",
    installationOf: installationLookup(db), logger, ...(options.tuning ? { tuning: options.tuning } : {}),
  });
  const webhooks = new WebhookEvents();
  webhooks.subscribe((event) => engine.webhooks.handle(event));
  const app: express.Express = await createApp({
    config, db, logger, secretKey, webhooks, apiRoutes: engineApiRoutes(engine), env: {}, assetsDir: buildWebAssets(tmp),
  });
  server.on("request", app);
  const url = await sandbox.connect(appBase);
  let worker: JobWorker | undefined;
  if (options.worker === true) {
    worker = engine.createWorker({ workerId: `sandbox-test-${randomBytes(3).toString("hex")}`, pollMs: 20, leaseMs: 10_000 });
    worker.start();
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

  const ws = sandbox.sim.state.findWorkspace(DEMO.workspace);
  if (!ws) throw new Error(`the demo workspace ${DEMO.workspace} is missing`);
  const userUuid = (nickname: string): string => {
    for (const uuid of ws.members.keys()) if (sandbox.sim.state.findUser(uuid)?.nickname === nickname) return uuid;
    throw new Error(`no member ${nickname} in ${DEMO.workspace}`);
  };
  const clientKey = sandbox.host.saved()[0]?.clientKey;
  if (clientKey === undefined) throw new Error("the app is not installed");

  return {
    sandbox, engine, db, appBase, url, browser, userUuid,
    hostPage: (moduleKey, user) => sandbox.host.hostPageUrl(DEMO.workspace, moduleKey, user),
    async api(user, method, apiPath, body) {
      const pageUrl = sandbox.host.signPageUrl({ clientKey, moduleKey: ACCESS_MODULE_KEY, userUuid: user });
      const pageResponse = await fetch(pageUrl);
      await pageResponse.arrayBuffer();
      const token = pageResponse.headers.get("x-acpt");
      if (token === null) throw new Error(`the Access page answered ${pageResponse.status} without a session token`);
      return fetch(`${appBase}${apiPath}`, {
        method,
        headers: { Authorization: `JWT ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    async newPage() {
      const errors: string[] = [];
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(15_000);
      page.on("pageerror", (error) => { errors.push(error.message); });
      return { page, errors };
    },
    async close() {
      await browser.close();
      await worker?.stop();
      await new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
      await closeApp(app);
      await sandbox.close();
      await db.close();
      await testDb.drop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a screenshot of the page to test-artifacts/sandbox/<name>.png; with `docsName` and UPDATE_SCREENSHOTS=1, also
 * to docs/screenshots/<docsName>.png.
 */
export async function screenshot(page: Page, name: string, docsName?: string): Promise<void> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (docsName !== undefined && process.env.UPDATE_SCREENSHOTS === "1") {
    mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
    copyFileSync(file, path.join(DOCS_SCREENSHOTS, `${docsName}.png`));
  }
}
