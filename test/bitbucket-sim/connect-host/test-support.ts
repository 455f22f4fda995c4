import { decodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { startSimulator, type RunningSimulator } from "../index";
import { demoFixture } from "../seed/demo";
import { attachConnectHost, type ConnectHost, type ConnectHostOptions } from "./index";
import { startFakeApp, type FakeApp } from "./fake-app";

/** The demo simulator, the Connect host on it and a fake app, for the host's own tests. */
export interface HostHarness {
  sim: RunningSimulator;
  host: ConnectHost;
  app: FakeApp;
  close(): Promise<void>;
}

export async function startHostHarness(options: ConnectHostOptions = {}): Promise<HostHarness> {
  const sim = await startSimulator({ fixtures: [demoFixture()] });
  const host = attachConnectHost(sim, options);
  const app = await startFakeApp(sim.url);
  return {
    sim, host, app,
    close: async () => { host.stop(); await host.webhooksIdle(); await app.close(); await sim.close(); },
  };
}

/** Verifies an HS256 token with `secret` (throws on a bad signature) and returns its claims. */
export function verifyToken(token: string, secret: string): Record<string, unknown> {
  return decodeSymmetric(token, secret, SymmetricAlgorithm.HS256) as Record<string, unknown>;
}

/** The token of an `Authorization: JWT …` header. */
export function bearerOf(header: string | string[] | undefined): string {
  if (typeof header !== "string" || !header.startsWith("JWT ")) throw new Error(`not a JWT header: ${String(header)}`);
  return header.slice(4);
}
