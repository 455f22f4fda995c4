import request from "supertest";
import { basicHeader, connectJwtHeader, type JwtSigner } from "./auth-headers";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "./index";
import { DEMO, demoFixture } from "./seed/demo";
import { stableUuid } from "./ids";

/**
 * Shared set-up for the simulator's own tests: the demo workspace on a fake clock, one installation
 * and ready-made headers. Not part of the public API.
 */
export const ACME_UUID = stableUuid("workspace/acme");
export const userUuid = (nickname: string): string => stableUuid(`acme/user/${nickname}`);

export const INSTALL: JwtSigner = { appKey: "project-access", clientKey: "connection:acme", sharedSecret: "s3cret-for-acme" };

export interface TestSim {
  sim: RunningSimulator;
  /** The owner's API token (workspace owner → admin everywhere). */
  owner: string;
  /** adam-admin: admin of PLAT (group) and WEB (user grant), nothing special elsewhere. */
  admin: string;
  /** A JWT header for this exact request. */
  jwt(method: string, pathAndQuery: string): string;
  http: ReturnType<typeof request>;
}

export async function startTestSim(options: SimulatorOptions = {}): Promise<TestSim> {
  const sim = await startSimulator({ clock: { fake: true }, fixtures: [demoFixture()], ...options });
  sim.registerInstallation({ ...INSTALL, workspaceUuid: ACME_UUID });
  return {
    sim,
    owner: basicHeader(DEMO.ownerEmail, DEMO.ownerApiToken),
    admin: basicHeader(DEMO.adminEmail, DEMO.adminApiToken),
    jwt: (method, pathAndQuery) => connectJwtHeader(INSTALL, method, pathAndQuery, { nowSec: Math.floor(sim.clock.now() / 1000) }),
    http: request(sim.url),
  };
}

/** Adds an API token for a demo user and returns its header. */
export function tokenFor(t: TestSim, nickname: string, scopes?: string[]): string {
  const email = `${nickname}@acme.example`;
  t.sim.addApiToken({ email, token: `tok-${nickname}`, userUuid: userUuid(nickname), ...(scopes ? { scopes } : {}) });
  return basicHeader(email, `tok-${nickname}`);
}
