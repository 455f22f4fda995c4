/**
 * The development sandbox (`npm start` with NODE_ENV unset and BITBUCKET_SANDBOX unset or 1): a simulated Bitbucket Cloud
 * (test/bitbucket-sim, seeded with the demo workspace) next to the app, the app installed into it through the real Connect
 * lifecycle, the demo owner's API token saved as the workspace's write credential through the app's own API, and one URL
 * printed: the simulator's workspace-settings page with the app in its iframe.
 *
 * Development only: src/server.ts loads this file lazily, so production never loads the simulator.
 */
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config/env";
import type { Logger } from "./log/logger";
import { DEMO, demoFixture, startSimulator, type RunningSimulator } from "../test/bitbucket-sim";
import { attachConnectHost, type ConnectHost, type SavedInstallation } from "../test/bitbucket-sim/connect-host";

/** The Access page's module key in atlassian-connect.json: the page the printed URL opens. */
export const ACCESS_MODULE_KEY = "project-access-admin";
/** In dataDir: the simulator's memory of its installations, so a restart re-installs (signed) instead of clashing. */
export const SANDBOX_STATE_FILE = "sandbox-host.json";

export interface Sandbox {
  readonly sim: RunningSimulator;
  readonly host: ConnectHost;
  /** The app's configuration with the simulator in Bitbucket's place (API base, allowed host, host script). */
  readonly config: Config;
  /**
   * Installs the app whose descriptor is at `${appBaseUrl}/atlassian-connect.json` into the demo workspace, saves the demo
   * write credential, and returns the host page URL of the Access page.
   * @throws {Error} when the install or the credential is refused
   */
  connect(appBaseUrl: string): Promise<string>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** The simulator's port; default the app's port + 1 (a stable URL across restarts), or any free one when that is taken. */
  readonly simPort?: number;
  /** Keep the installation record in `config.dataDir` across restarts. Default true. */
  readonly persist?: boolean;
}

/** The base URL the app serves its descriptor on (ACE builds the same one, src/connect/ace.ts). */
export const appBaseUrlOf = (config: Config): string => config.localBaseUrl ?? `http://localhost:${config.port}`;

/** The configuration the app must be BUILT with: the install guard, the engine and the page CSP all read these. */
export function sandboxConfig(config: Config, simUrl: string): Config {
  const simHost = new URL(simUrl).hostname.toLowerCase();
  return Object.freeze({
    ...config,
    hostAllowlist: Object.freeze([...new Set([...config.hostAllowlist, simHost])]),
    bitbucketApiBase: simUrl,
    hostScriptUrl: `${simUrl}/sandbox/all.js`,
  });
}

async function startSim(port: number): Promise<RunningSimulator> {
  const options = { fixtures: [demoFixture()] };
  try {
    return await startSimulator({ ...options, port });
  } catch (error) {
    if (port === 0 || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return startSimulator({ ...options, port: 0 });
  }
}

function readSaved(file: string | undefined, logger: Logger): SavedInstallation[] {
  if (file === undefined || !fs.existsSync(file)) return [];
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    return Array.isArray(parsed) ? (parsed as SavedInstallation[]) : [];
  } catch (error) {
    logger.warn({ err: error, file }, "ignoring an unreadable sandbox state file");
    return [];
  }
}

/** Opens a page as `userUuid` the way the iframe does and returns the ACE session token the page hands its script. */
async function sessionToken(host: ConnectHost, clientKey: string, userUuid: string): Promise<string> {
  const url = host.signPageUrl({ clientKey, moduleKey: ACCESS_MODULE_KEY, userUuid });
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  await response.arrayBuffer();
  const token = response.headers.get("x-acpt");
  if (!response.ok || token === null) throw new Error(`the Access page answered ${response.status} without a session token`);
  return token;
}

/**
 * Starts the simulator (the demo workspace) and the Connect host on it. The app is not touched yet: build it with
 * `sandbox.config`, listen, then call `connect`.
 */
export async function startSandbox(config: Config, logger: Logger, options: SandboxOptions = {}): Promise<Sandbox> {
  const sim = await startSim(options.simPort ?? (config.port === 0 ? 0 : config.port + 1));
  const stateFile = options.persist === false ? undefined : path.join(config.dataDir, SANDBOX_STATE_FILE);
  const host = attachConnectHost(sim, { restore: readSaved(stateFile, logger) });
  const save = () => {
    if (stateFile === undefined) return;
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    // Holds the demo installation's shared secret: owner-only, like the app's own key file.
    fs.writeFileSync(stateFile, JSON.stringify(host.saved(), null, 2), { mode: 0o600 });
  };
  const ws = sim.state.findWorkspace(DEMO.workspace);
  const owner = ws && [...ws.members].find(([, role]) => role === "owner")?.[0];
  if (owner === undefined) throw new Error(`the demo fixture has no owner of ${DEMO.workspace}`);

  return {
    sim, host, config: sandboxConfig(config, sim.url),
    async connect(appBaseUrl) {
      const base = appBaseUrl.replace(/\/+$/, "");
      const installed = await host.installApp({ descriptorUrl: `${base}/atlassian-connect.json`, workspace: DEMO.workspace });
      save();
      logger.info({ clientKey: installed.clientKey, reinstall: installed.signed }, "sandbox: app installed into the simulated workspace");
      // Through the app's own API, as an admin would on the Settings page: the app checks the token against Bitbucket.
      const token = await sessionToken(host, installed.clientKey, owner);
      const put = await fetch(`${base}/api/settings/credential`, {
        method: "PUT",
        headers: { Authorization: `JWT ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ email: DEMO.ownerEmail, apiToken: DEMO.ownerApiToken }),
        signal: AbortSignal.timeout(15_000),
      });
      if (put.status !== 204) throw new Error(`saving the demo write credential answered ${put.status}: ${(await put.text()).slice(0, 300)}`);
      return host.hostPageUrl(DEMO.workspace, ACCESS_MODULE_KEY);
    },
    async close() {
      host.stop();
      await host.webhooksIdle();
      await sim.close();
    },
  };
}
