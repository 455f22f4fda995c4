import { createQueryStringHash } from "atlassian-jwt";
import { connectJwtHeader } from "../auth-headers";
import { DEMO } from "../seed/demo";
import { FAKE_APP_KEY } from "./fake-app";
import { attachConnectHost, LifecycleRefused } from "./index";
import { bearerOf, startHostHarness, verifyToken, type HostHarness } from "./test-support";

let h: HostHarness;
beforeEach(async () => { h = await startHostHarness(); });
afterEach(async () => { await h.close(); });

const install = () => h.host.installApp({ descriptorUrl: h.app.descriptorUrl, workspace: DEMO.workspace });
const lifecycleCalls = () => h.app.calls.filter((c) => c.path === "/installed" || c.path === "/uninstalled");
/** A REST call as the app with a given secret: 200 while the simulator knows that secret. */
const restAs = async (clientKey: string, sharedSecret: string): Promise<number> => {
  const path = "/2.0/workspaces/acme/projects";
  const res = await fetch(`${h.sim.url}${path}`, { headers: { Authorization: connectJwtHeader({ appKey: FAKE_APP_KEY, clientKey, sharedSecret }, "GET", path) } });
  await res.arrayBuffer();
  return res.status;
};

test("When an app is installed the first time, then installed is POSTed unsigned with a fresh identity, after the REST API already accepts it", async () => {
  const result = await install();
  const [call] = lifecycleCalls();
  expect(call?.headers.authorization).toBeUndefined();
  expect(result.signed).toBe(false);
  const ws = h.sim.state.findWorkspace("acme")!;
  expect(call?.body).toMatchObject({
    key: FAKE_APP_KEY, eventType: "installed", productType: "bitbucket", clientKey: result.clientKey, sharedSecret: result.sharedSecret,
    baseUrl: h.sim.url, baseApiUrl: h.sim.url,
    principal: { type: "team", uuid: ws.uuid, username: "acme", display_name: "Acme Corp" },
    user: { type: "user", display_name: "Olivia Owner" },
  });
  expect(result.clientKey).toMatch(/^connection:\d+$/);
  expect(result.sharedSecret.length).toBeLessThanOrEqual(128);
  // The app's install probe, made while handling the POST with the received secret, succeeded.
  expect(call?.probeStatus).toBe(200);
});

test("When the app is installed again, then the call is signed with the previous secret (qsh over the lifecycle path) and the new secret replaces it", async () => {
  const first = await install();
  const second = await install();
  expect(second.clientKey).toBe(first.clientKey);
  expect(second.sharedSecret).not.toBe(first.sharedSecret);
  expect(second.signed).toBe(true);
  const claims = verifyToken(bearerOf(lifecycleCalls()[1]?.headers.authorization), first.sharedSecret);
  expect(claims.iss).toBe(first.clientKey);
  expect([claims.aud].flat()).toEqual([first.clientKey]);
  // The app's baseUrl ends in /app; the qsh is over the path the app sees after stripping it.
  expect(claims.qsh).toBe(createQueryStringHash({ method: "POST", pathname: "/installed", query: {} }));
  expect(await restAs(first.clientKey, first.sharedSecret)).toBe(401);
  expect(await restAs(second.clientKey, second.sharedSecret)).toBe(200);
});

test("When the app is uninstalled, then uninstalled is signed with the current secret and the app's JWT stops working; the next install is signed with that secret", async () => {
  const first = await install();
  const result = await h.host.uninstallApp({ appKey: FAKE_APP_KEY, workspace: DEMO.workspace });
  expect(result.status).toBe(204);
  const uninstall = lifecycleCalls()[1]!;
  expect(uninstall.path).toBe("/uninstalled");
  expect(uninstall.body).toMatchObject({ key: FAKE_APP_KEY, eventType: "uninstalled", clientKey: first.clientKey });
  expect(uninstall.body).not.toHaveProperty("sharedSecret");
  expect(verifyToken(bearerOf(uninstall.headers.authorization), first.sharedSecret)).toMatchObject({
    iss: first.clientKey, qsh: createQueryStringHash({ method: "POST", pathname: "/uninstalled", query: {} }),
  });
  expect(await restAs(first.clientKey, first.sharedSecret)).toBe(401);
  await expect(h.host.uninstallApp({ appKey: FAKE_APP_KEY, workspace: DEMO.workspace })).rejects.toThrow("not installed");

  const again = await install();
  expect(again).toMatchObject({ clientKey: first.clientKey, signed: true });
  expect(verifyToken(bearerOf(lifecycleCalls()[2]?.headers.authorization), first.sharedSecret).iss).toBe(first.clientKey);
  expect(lifecycleCalls()[2]?.probeStatus).toBe(200);
});

test("When the app refuses an install, then it throws with the app's answer and the REST API keeps the previous secret", async () => {
  const first = await install();
  h.app.script("/installed", [401]);
  await expect(install()).rejects.toBeInstanceOf(LifecycleRefused);
  expect(await restAs(first.clientKey, first.sharedSecret)).toBe(200);
  expect(h.host.saved()[0]?.sharedSecret).toBe(first.sharedSecret);
});

test("When a refused FIRST install, then the REST API accepts no secret for it", async () => {
  h.app.script("/installed", [500]);
  const error = await install().catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 500, call: "installed" });
  expect(h.sim.state.installations.size).toBe(0);
});

test("When a host is restored from saved records, then its first install is a signed re-install with the same clientKey", async () => {
  const first = await install();
  const restarted = attachConnectHost(h.sim, { restore: h.host.saved() });
  const again = await restarted.installApp({ descriptorUrl: h.app.descriptorUrl, workspace: DEMO.workspace });
  restarted.stop();
  expect(again).toMatchObject({ clientKey: first.clientKey, signed: true });
  expect(verifyToken(bearerOf(lifecycleCalls().at(-1)?.headers.authorization), first.sharedSecret).iss).toBe(first.clientKey);
});

test("When the workspace or descriptor does not exist, then nothing is POSTed", async () => {
  await expect(h.host.installApp({ descriptorUrl: h.app.descriptorUrl, workspace: "nowhere" })).rejects.toThrow("No workspace nowhere");
  await expect(h.host.installApp({ descriptorUrl: `${h.app.baseUrl}/missing.json`, workspace: "acme" })).rejects.toThrow("answered");
  expect(lifecycleCalls()).toEqual([]);
});
