import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connectJwtHeader } from "../auth-headers";

/**
 * A stand-in Connect app for the host's own tests (the real app is exercised by test/sandbox): serves a descriptor under
 * a base PATH (`/app`, so tests see the host strip it from the qsh), records every call, answers with scripted statuses,
 * and on `installed` probes the simulator with the received secret the way the real app does (bitbucket-platform.md §2.3).
 */
export interface RecordedCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** On `installed`: what the simulator answered the probe. */
  probeStatus?: number;
}

export interface FakeApp {
  baseUrl: string;
  descriptorUrl: string;
  calls: RecordedCall[];
  /** Statuses to answer on `path` (relative to the base), one per call; then 204. */
  script(path: string, statuses: number[]): void;
  close(): Promise<void>;
}

export const FAKE_APP_KEY = "fake-app";

export async function startFakeApp(simUrl: string): Promise<FakeApp> {
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, number[]>();
  let baseUrl = "";
  const descriptor = () => ({
    key: FAKE_APP_KEY, name: "Fake App", baseUrl, authentication: { type: "jwt" },
    lifecycle: { installed: "/installed", uninstalled: "/uninstalled" },
    modules: {
      adminPages: [{ key: "fake-admin", name: { value: "Fake admin" }, url: "/admin?ws={workspace.slug}&id={workspace.uuid}", location: "org.bitbucket.account.admin" }],
      configurePage: { key: "fake-configure", name: { value: "Settings" }, url: "/configure" },
      webhooks: [{ event: "repo:created", url: "/hooks/created" }, { event: "repo:updated", url: "/hooks/updated" }, { event: "repo:transfer", url: "/hooks/transfer" }],
    },
  });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const url = new URL(req.url ?? "/", "http://x");
      if (req.method === "GET" && url.pathname === "/app/atlassian-connect.json") {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(descriptor()));
        return;
      }
      if (req.method !== "POST") { res.statusCode = 404; res.end(); return; }
      const path = url.pathname.replace(/^\/app/, "");
      const body: unknown = chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const call: RecordedCall = { path, headers: req.headers, body };
      if (path === "/installed") call.probeStatus = await probe(simUrl, body as InstallBody);
      calls.push(call);
      res.statusCode = scripts.get(path)?.shift() ?? 204;
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app`;
  return {
    baseUrl, descriptorUrl: `${baseUrl}/atlassian-connect.json`, calls,
    script: (path, statuses) => { scripts.set(path, [...statuses]); },
    close: () => new Promise<void>((resolve) => { server.close(() => { resolve(); }); server.closeAllConnections(); }),
  };
}

interface InstallBody { clientKey: string; sharedSecret: string; principal: { uuid: string } }

async function probe(simUrl: string, body: InstallBody): Promise<number> {
  const path = `/2.0/workspaces/${encodeURIComponent(body.principal.uuid)}/projects?pagelen=1`;
  const auth = connectJwtHeader({ appKey: FAKE_APP_KEY, clientKey: body.clientKey, sharedSecret: body.sharedSecret }, "GET", path);
  const response = await fetch(`${simUrl}${path}`, { headers: { Authorization: auth } });
  await response.arrayBuffer();
  return response.status;
}
