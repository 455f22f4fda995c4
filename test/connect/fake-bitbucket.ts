import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { createQueryStringHash, decodeSymmetric, fromExpressRequest, SymmetricAlgorithm } from "atlassian-jwt";

/**
 * A tiny in-test Bitbucket for the Connect tests: it knows installations (clientKey → secret, workspace) and answers the
 * few calls the install probe and the admin check make, verifying the app's JWT (iss = app key, sub = clientKey, exp, qsh)
 * as Bitbucket would. Everything else is 404.
 */
export interface FakeBitbucket {
  readonly url: string;
  /** Makes Bitbucket know this installation, as if it had just sent the installed payload. */
  registerInstallation(i: { clientKey: string; sharedSecret: string; workspaceUuid: string; workspaceSlug: string }): void;
  setOwner(workspaceUuid: string, userUuid: string): void;
  setProjectAdmin(workspaceUuid: string, projectKey: string, userUuid: string): void;
  readonly requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export const APP_KEY = "project-access";

export async function startFakeBitbucket(): Promise<FakeBitbucket> {
  const installations = new Map<string, { sharedSecret: string; workspaceUuid: string; workspaceSlug: string }>();
  const owners = new Set<string>();
  const projectAdmins = new Set<string>();
  const requests: { method: string; path: string; status: number }[] = [];
  const app = express();

  app.use((req, res, next) => {
    res.on("finish", () => { requests.push({ method: req.method, path: req.path, status: res.statusCode }); });
    const header = req.headers.authorization ?? "";
    const fail = () => res.status(401).json({ type: "error", error: { message: "Token is invalid, expired, or not supported for this endpoint." } });
    if (!header.startsWith("JWT ")) return fail();
    try {
      const token = header.slice(4);
      const unverified = decodeSymmetric(token, "", SymmetricAlgorithm.HS256, true) as { iss?: string; sub?: string };
      const installation = installations.get(unverified.sub ?? "");
      if (unverified.iss !== APP_KEY || !installation) return fail();
      const claims = decodeSymmetric(token, installation.sharedSecret, SymmetricAlgorithm.HS256) as { exp?: number; qsh?: string };
      if (!claims.exp || claims.exp < Date.now() / 1000) return fail();
      if (claims.qsh !== createQueryStringHash(fromExpressRequest(req))) return fail();
      res.locals.installation = installation;
      next();
    } catch {
      fail();
    }
  });
  const mine = (res: express.Response, ws: string) => {
    const i = res.locals.installation as { workspaceUuid: string; workspaceSlug: string };
    return ws === i.workspaceUuid || ws === i.workspaceSlug;
  };
  app.get("/2.0/workspaces/:ws/projects", (req, res) => {
    if (!mine(res, req.params.ws)) return res.status(404).json({ type: "error", error: { message: "No workspace" } });
    res.json({ pagelen: 1, values: [{ type: "project", key: "PROJ", uuid: "{p}" }] });
  });
  app.get("/2.0/workspaces/:ws/permissions", (req, res) => {
    if (!mine(res, req.params.ws)) return res.status(404).json({ type: "error", error: { message: "No workspace" } });
    const uuid = /user\.uuid="([^"]+)"/.exec(typeof req.query.q === "string" ? req.query.q : "")?.[1] ?? "";
    const owner = owners.has(`${req.params.ws}|${uuid}`);
    res.json({ values: [{ type: "workspace_membership", permission: owner ? "owner" : "member", user: { type: "user", uuid } }] });
  });
  app.get("/2.0/workspaces/:ws/projects/:key/permissions-config/users/:user", (req, res) => {
    if (projectAdmins.has(`${req.params.ws}|${req.params.key}|${req.params.user}`)) {
      return res.json({ type: "project_user_permission", permission: "admin", user: { uuid: req.params.user } });
    }
    res.status(404).json({ type: "error", error: { message: "No grant" } });
  });
  app.get("/2.0/workspaces/:ws/projects/:key/permissions-config/groups", (_req, res) => res.json({ values: [] }));
  app.use((_req, res) => res.status(404).json({ type: "error", error: { message: "Not found" } }));

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => { resolve(s); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registerInstallation: (i) => { installations.set(i.clientKey, i); },
    setOwner: (ws, user) => { owners.add(`${ws}|${user}`); },
    setProjectAdmin: (ws, key, user) => { projectAdmins.add(`${ws}|${key}|${user}`); },
    requests,
    close: () => new Promise((resolve, reject) => { server.close((e) => { if (e) reject(e); else resolve(); }); }),
  };
}
