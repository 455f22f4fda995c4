import { createQueryStringHash, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import type express from "express";
import request from "supertest";
import type { RunningSimulator } from "../bitbucket-sim";

export const APP_KEY = "project-access";

/** One installed workspace as Bitbucket knows it: its Connect identity and the users the tests act as. */
export interface InstalledWorkspace {
  readonly slug: string;
  readonly uuid: string;
  readonly clientKey: string;
  readonly sharedSecret: string;
}

const nowSec = (): number => Math.floor(Date.now() / 1000);

/** A JWT signed like Bitbucket signs calls into the app: iss = clientKey, a qsh over the method and path. */
export function connectJwt(ws: InstalledWorkspace, method: string, path: string, query: Record<string, string> = {}, claims: Record<string, unknown> = {}): string {
  const qsh = createQueryStringHash({ method, pathname: path, query });
  return encodeSymmetric({ iss: ws.clientKey, aud: ws.clientKey, iat: nowSec(), exp: nowSec() + 180, qsh, ...claims }, ws.sharedSecret, SymmetricAlgorithm.HS256);
}

/**
 * Installs the app the way Bitbucket does: the simulator learns the installation (so the app's install probe, signed with
 * the new secret, succeeds), then the unsigned first `installed` call reaches the app.
 */
export async function installInto(app: express.Express, sim: RunningSimulator, ws: InstalledWorkspace): Promise<void> {
  sim.registerInstallation({ clientKey: ws.clientKey, sharedSecret: ws.sharedSecret, appKey: APP_KEY, workspaceUuid: ws.uuid });
  await request(app).post("/installed").send({
    key: APP_KEY, eventType: "installed", productType: "bitbucket", clientKey: ws.clientKey, sharedSecret: ws.sharedSecret,
    publicKey: "not-used", baseUrl: "https://bitbucket.org", baseApiUrl: sim.url,
    principal: { type: "team", uuid: ws.uuid, username: ws.slug, display_name: ws.slug },
    user: { type: "user", uuid: ws.uuid },
  }).expect(204);
}

/** Opens the admin page as `userUuid` with a page JWT, as the Bitbucket iframe does, and returns ACE's session token. */
export async function sessionTokenFor(app: express.Express, ws: InstalledWorkspace, userUuid: string): Promise<string> {
  const query = { workspace: ws.slug };
  const jwt = connectJwt(ws, "GET", "/access", query, { sub: userUuid });
  const res = await request(app).get("/access").query({ ...query, jwt }).expect(200);
  const token = res.headers["x-acpt"];
  if (typeof token !== "string") throw new Error("the page answered without a session token");
  return token;
}

/**
 * Delivers the simulator's repository events to the app's webhook routes, signed with the workspace's shared secret and
 * in Connect's `{event, data}` envelope (the simulator's default `webhookEnvelope`). Returns a function awaiting every
 * delivery started so far.
 */
export function deliverWebhooks(app: express.Express, sim: RunningSimulator, workspaces: readonly InstalledWorkspace[]): () => Promise<void> {
  const pending: Promise<unknown>[] = [];
  sim.events.on("repo", (event) => {
    // A transfer is the old workspace's news: its snapshots must drop the repository.
    const uuid = event.event === "repo:transfer" ? (event.previousWorkspace?.uuid ?? event.workspaceUuid) : event.workspaceUuid;
    const ws = workspaces.find((w) => w.uuid === uuid);
    if (!ws) return;
    const path = `/webhooks/${event.event.replace(":", "-")}`;
    pending.push(request(app).post(path).set("Authorization", `JWT ${connectJwt(ws, "POST", path)}`)
      .send({ event: event.event, data: { repository: event.repository, ...(event.changes ? { changes: event.changes } : {}) } })
      .expect(204));
  });
  return async () => { await Promise.all(pending.splice(0)); };
}
