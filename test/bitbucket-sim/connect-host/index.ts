import { installApp, uninstallApp, type InstallRequest, type LifecycleResult, type UninstallRequest } from "./lifecycle";
import { signPageUrl, type PageUrlRequest } from "./page-url";
import { HostRegistry, type HostSim, type SavedInstallation } from "./registry";
import { mountHostRoutes } from "./routes";
import { WebhookDeliverer, type WebhookDelivery, type WebhookOptions } from "./webhooks";
import { hostPagePath } from "./host-page";

/**
 * The Connect HOST side of the simulator (bitbucket-platform.md §4.2 items 12 and 13): installs apps from their descriptor
 * through the real lifecycle, signs page-module iframe URLs, delivers repository webhooks, and serves a workspace-settings
 * page that embeds the app (`/sandbox/...`) with its host script (`/sandbox/all.js`).
 */
export interface ConnectHost {
  installApp(request: InstallRequest): Promise<LifecycleResult>;
  uninstallApp(request: UninstallRequest): Promise<LifecycleResult>;
  /** A page module's iframe URL with a fresh `jwt=`. */
  signPageUrl(request: PageUrlRequest): string;
  /** `${sim.url}/sandbox/{workspace}/settings/{moduleKey}[?as=…]`. */
  hostPageUrl(workspaceSlug: string, moduleKey: string, userUuid?: string): string;
  deliveries(): WebhookDelivery[];
  clearDeliveries(): void;
  /** Resolves when every webhook delivery started so far has finished (delivered or out of attempts). */
  webhooksIdle(): Promise<void>;
  /** Installation records to save and pass back as `restore` after a restart, so re-installs are signed. */
  saved(): SavedInstallation[];
  /** Stops delivering webhooks (routes stay: the simulator's router has no removal). */
  stop(): void;
}

export interface ConnectHostOptions {
  /** Time for JWTs sent to the app: real time by default (the app checks `exp` against its own clock). */
  nowMs?: () => number;
  webhooks?: WebhookOptions;
  /** Records from an earlier run's `saved()`. */
  restore?: readonly SavedInstallation[];
}

/** Attaches the Connect host to a running simulator: adds its routes and subscribes to its repository events. */
export function attachConnectHost(sim: HostSim, options: ConnectHostOptions = {}): ConnectHost {
  const nowMs = options.nowMs ?? (() => Date.now());
  const registry = new HostRegistry(options.restore);
  const deps = { sim, registry, nowMs };
  mountHostRoutes(deps);
  const deliverer = new WebhookDeliverer(sim, registry, nowMs, options.webhooks);
  return {
    installApp: (request) => installApp(deps, request),
    uninstallApp: (request) => uninstallApp(deps, request),
    signPageUrl: (request) => signPageUrl(deps, request),
    hostPageUrl: (workspaceSlug, moduleKey, userUuid) => `${sim.url}${hostPagePath(workspaceSlug, moduleKey, userUuid)}`,
    deliveries: () => deliverer.deliveries(),
    clearDeliveries: () => { deliverer.clear(); },
    webhooksIdle: () => deliverer.idle(),
    saved: () => registry.saved(),
    stop: () => { deliverer.stop(); },
  };
}

export { LifecycleRefused } from "./lifecycle";
export type { InstallRequest, LifecycleResult, UninstallRequest } from "./lifecycle";
export type { PageUrlRequest } from "./page-url";
export type { SavedInstallation } from "./registry";
export type { WebhookDelivery, WebhookAttempt, WebhookOptions } from "./webhooks";
export { HOST_SCRIPT } from "./host-script";
