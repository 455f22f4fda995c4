import { Script } from "node:vm";
import { createQueryStringHash, fromMethodAndUrl } from "atlassian-jwt";
import { DEMO } from "../seed/demo";
import { userUuid } from "../test-support";
import { FAKE_APP_KEY } from "./fake-app";
import { startHostHarness, verifyToken, type HostHarness } from "./test-support";

let h: HostHarness;
let clientKey: string;
let sharedSecret: string;
const NOW = Date.UTC(2026, 0, 1, 12);
beforeEach(async () => {
  h = await startHostHarness({ nowMs: () => NOW });
  ({ clientKey, sharedSecret } = await h.host.installApp({ descriptorUrl: h.app.descriptorUrl, workspace: DEMO.workspace }));
});
afterEach(async () => { await h.close(); });

const owner = userUuid("olivia-owner");
const wsUuid = () => h.sim.state.findWorkspace("acme")!.uuid;

test("When a page URL is signed, then the context is filled and the JWT verifies with the secret, for the viewer, with a qsh over the page path and query", () => {
  const signed = new URL(h.host.signPageUrl({ clientKey, moduleUrl: "/admin?ws={workspace.slug}&id={workspace.uuid}", userUuid: owner }));
  expect(`${signed.origin}${signed.pathname}`).toBe(`${h.app.baseUrl}/admin`);
  expect(signed.searchParams.get("ws")).toBe("acme");
  expect(signed.searchParams.get("id")).toBe(wsUuid());
  const claims = verifyToken(signed.searchParams.get("jwt")!, sharedSecret);
  expect(claims).toMatchObject({ iss: clientKey, sub: owner, iat: NOW / 1000, exp: NOW / 1000 + 180 });
  expect([claims.aud].flat()).toEqual([clientKey]);
  // The app strips its base path (/app) and drops jwt, as atlassian-jwt canonicalises an inbound request.
  signed.searchParams.delete("jwt");
  expect(claims.qsh).toBe(createQueryStringHash(fromMethodAndUrl("GET", `${signed.pathname.replace(/^\/app/, "")}${signed.search}`)));
  expect(() => verifyToken(new URL(h.host.signPageUrl({ clientKey, moduleKey: "fake-admin", userUuid: owner })).searchParams.get("jwt")!, "another-secret")).toThrow();
});

test("When a page URL is asked for a non-member, an unknown module or an unknown installation, then it is refused", () => {
  expect(() => h.host.signPageUrl({ clientKey, moduleKey: "fake-admin", userUuid: userUuid("zed-outsider") })).toThrow("not a member");
  expect(() => h.host.signPageUrl({ clientKey, moduleKey: "nope", userUuid: owner })).toThrow("no page module nope");
  expect(() => h.host.signPageUrl({ clientKey: "connection:0", moduleKey: "fake-admin", userUuid: owner })).toThrow("No installed app");
});

const iframeSrc = (html: string): URL => new URL(/<iframe id="ac-frame"[^>]* src="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, "&"));

test("When the host page is loaded, then it shows the settings navigation and embeds the module with a new JWT for the chosen viewer each time", async () => {
  const url = h.host.hostPageUrl("acme", "fake-admin");
  const first = await fetch(url);
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(first.headers.get("cache-control")).toBe("no-store");
  const html = await first.text();
  expect(html).toContain("Workspace settings");
  expect(html).toMatch(/<a href="[^"]*\/sandbox\/acme\/settings\/fake-admin[^"]*" aria-current="page"[^>]*>Fake admin<\/a>/);
  expect(html).toMatch(/<a href="[^"]*\/sandbox\/acme\/settings\/fake-configure[^"]*"[^>]*>Settings<\/a>/);
  const src = iframeSrc(html);
  expect(verifyToken(src.searchParams.get("jwt")!, sharedSecret).sub).toBe(owner);
  const again = iframeSrc(await (await fetch(url)).text());
  expect(again.searchParams.get("jwt")).not.toBe(src.searchParams.get("jwt"));

  const member = userUuid("user-05");
  const asMember = iframeSrc(await (await fetch(h.host.hostPageUrl("acme", "fake-admin", member))).text());
  expect(verifyToken(asMember.searchParams.get("jwt")!, sharedSecret).sub).toBe(member);
});

test("When the host page names an unknown workspace, module or a non-member viewer, then it answers 404 or 403", async () => {
  expect((await fetch(`${h.sim.url}/sandbox/nowhere/settings/fake-admin`)).status).toBe(404);
  expect((await fetch(`${h.sim.url}/sandbox/acme/settings/nope`)).status).toBe(404);
  expect((await fetch(h.host.hostPageUrl("acme", "fake-admin", userUuid("zed-outsider")))).status).toBe(403);
  const redirect = await fetch(`${h.sim.url}/sandbox/acme/settings`, { redirect: "manual" });
  expect(redirect.status).toBe(302);
  expect(redirect.headers.get("location")).toBe("/sandbox/acme/settings/fake-admin");
  await h.host.uninstallApp({ appKey: FAKE_APP_KEY, workspace: "acme" });
  expect((await fetch(h.host.hostPageUrl("acme", "fake-admin"))).status).toBe(404);
});

test("When the host script is fetched, then it is JavaScript defining window.AP with resize, sizeToParent and navigator", async () => {
  const res = await fetch(`${h.sim.url}/sandbox/all.js`);
  expect(res.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
  const script = await res.text();
  expect(() => new Script(script)).not.toThrow(); // compiles (never runs here)
  for (const name of ["resize:", "sizeToParent:", "navigator:", "go:", "postMessage"]) expect(script).toContain(name);
});
