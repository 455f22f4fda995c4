import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSimulatorApp, type SimulatorApp } from "./app";
import type { Clock } from "./clock";
import type { SimEvents } from "./control/events";
import type { RequestLogEntry } from "./control/request-log";
import { createSimCore, type SimCore, type SimulatorCoreOptions } from "./core";
import type { SimFixture } from "./seed/fixture";
import type { SimState } from "./state/store";
import type { Switches } from "./switches";

/**
 * The Bitbucket Cloud REST simulator (bitbucket-platform.md §4): stateful `/2.0` and `/1.0/groups` on
 * 127.0.0.1, with auth kinds, rate limits, faults and a test-only control API under `/__sim`.
 * See README.md for what it does NOT emulate.
 */
export interface SimulatorOptions extends SimulatorCoreOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Fixtures loaded at start (and NOT reloaded by `reset()`). */
  fixtures?: SimFixture[];
}

export interface RunningSimulator {
  /** `http://127.0.0.1:<port>`; the API base for clients (`${url}/2.0/...`). */
  url: string;
  close(): Promise<void>;
  state: SimState;
  clock: Clock;
  /** Live switches; change them with `setSwitches`. */
  switches: Switches;
  events: SimEvents;
  /** The public routes, for a later Connect-host module to extend. */
  app: SimulatorApp;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  setSwitches: SimCore["setSwitches"];
  registerInstallation: SimCore["registerInstallation"];
  removeInstallation: SimCore["removeInstallation"];
  addApiToken: SimCore["addApiToken"];
  /** Registers an OAuth (`oauth-bearer`) or access token (`access-token`) for `Bearer` auth. */
  addBearerToken: SimCore["addBearerToken"];
  /** Adds a fixture; additive, so call `reset()` first for a clean slate. */
  seed: SimCore["seed"];
  reset: SimCore["reset"];
  setFaults: SimCore["setFaults"];
}

/**
 * Starts a simulator on `options.port ?? 0`.
 * @throws {Error} when the port is taken or a fixture has a dangling reference.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const core = createSimCore(options);
  for (const fixture of options.fixtures ?? []) core.seed(fixture);
  const app = createSimulatorApp(core);
  const server: Server = createServer(app.handler);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => { if (error) reject(error); else resolve(); });
      server.closeAllConnections();
    }),
    state: core.state, clock: core.clock, switches: core.switches, events: core.events, app,
    requests: () => core.log.list(),
    clearRequests: () => { core.log.clear(); },
    setSwitches: core.setSwitches, registerInstallation: core.registerInstallation, removeInstallation: core.removeInstallation,
    addApiToken: core.addApiToken, addBearerToken: core.addBearerToken, seed: core.seed, reset: core.reset, setFaults: core.setFaults,
  };
}

export { createSimulatorApp } from "./app";
export { createSimCore } from "./core";
export type { SimCore, SimulatorCoreOptions } from "./core";
export { createClock } from "./clock";
export type { Clock, ClockOptions } from "./clock";
export { DEFAULT_SWITCHES } from "./switches";
export type { Switches } from "./switches";
export type { FaultRule } from "./control/faults";
export type { RequestLogEntry } from "./control/request-log";
export { SimEvents, applyRepoEvent } from "./control/events";
export type { RepoEvent, RepoEventInput } from "./control/events";
export { aWorkspace, WorkspaceBuilder } from "./seed/builder";
export { demoFixture, DEMO } from "./seed/demo";
export { mergeFixtures, fixtureSchema } from "./seed/fixture";
export type { SimFixture } from "./seed/fixture";
export { SimState } from "./state/store";
