import { createQueryStringHash } from "atlassian-jwt";
import { aWorkspace } from "../seed/builder";
import { DEMO } from "../seed/demo";
import { bearerOf, startHostHarness, verifyToken, type HostHarness } from "./test-support";

let h: HostHarness;
let clientKey: string;
let sharedSecret: string;
beforeEach(async () => {
  h = await startHostHarness({ webhooks: { retryDelayMs: 5 } });
  ({ clientKey, sharedSecret } = await h.host.installApp({ descriptorUrl: h.app.descriptorUrl, workspace: DEMO.workspace }));
});
afterEach(async () => { await h.close(); });

const emit = async (event: Record<string, unknown>): Promise<void> => {
  const res = await fetch(`${h.sim.url}/__sim/events`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ workspace: "acme", ...event }) });
  expect(res.status).toBe(200);
  await h.host.webhooksIdle();
};
const hookCalls = (path: string) => h.app.calls.filter((c) => c.path === path);

test("When a repository is created (connect envelope), then the app's repo:created URL gets {event, data} signed with the installation secret", async () => {
  await emit({ type: "create", project: "OPS", name: "New Service" });
  const [call] = hookCalls("/hooks/created");
  expect(call?.body).toMatchObject({
    event: "repo:created",
    data: { actor: { display_name: "Olivia Owner" }, repository: { slug: "new-service", full_name: "acme/new-service", project: { key: "OPS" } } },
  });
  const claims = verifyToken(bearerOf(call?.headers.authorization), sharedSecret);
  expect(claims.iss).toBe(clientKey);
  expect([claims.aud].flat()).toEqual([clientKey]);
  expect(claims.qsh).toBe(createQueryStringHash({ method: "POST", pathname: "/hooks/created", query: {} }));
  expect(call?.headers["x-event-key"]).toBeUndefined();
  expect(h.host.deliveries()).toEqual([expect.objectContaining({ event: "repo:created", clientKey, envelope: "connect", delivered: true, attempts: [expect.objectContaining({ status: 204 })] })]);
});

test("When a repository moves project (flat envelope), then repo:updated carries {actor, repository, changes} and Bitbucket's headers", async () => {
  h.sim.setSwitches({ webhookEnvelope: "flat" });
  await emit({ type: "move", repo: "ops-repo-001", project: "DATA" });
  const [call] = hookCalls("/hooks/updated");
  expect(call?.body).toMatchObject({ repository: { slug: "ops-repo-001", project: { key: "DATA" } }, changes: { project: { old: { key: "OPS" }, new: { key: "DATA" } } } });
  expect(call?.body).not.toHaveProperty("event");
  expect(call?.headers).toMatchObject({ "x-event-key": "repo:updated", "x-attempt-number": "1" });
  expect(call?.headers["x-hook-uuid"]).toMatch(/^\{[0-9a-f-]{36}\}$/);
  expect(call?.headers["x-request-uuid"]).toMatch(/^\{[0-9a-f-]{36}\}$/);
});

test("When the descriptor has no webhook for an event, then nothing is delivered; a transfer goes to the hook that asks for it", async () => {
  await emit({ type: "delete", repo: "ops-repo-002" });
  expect(h.host.deliveries()).toEqual([]);
  h.sim.seed(aWorkspace("other").withOwner("otto").withProject("X", { repos: 0 }).build());
  await emit({ type: "transfer", repo: "ops-repo-003", toWorkspace: "other" });
  expect(hookCalls("/hooks/transfer")).toHaveLength(1);
  expect(hookCalls("/hooks/transfer")[0]?.body).toMatchObject({ event: "repo:transfer", data: { repository: { full_name: "other/ops-repo-003" }, previous_workspace: { slug: "acme" } } });
});

test("When the app fails a delivery twice, then the third attempt delivers it, each attempt freshly signed and numbered", async () => {
  h.sim.setSwitches({ webhookEnvelope: "flat" });
  h.app.script("/hooks/created", [500, 503]);
  await emit({ type: "create", project: "OPS", name: "retry-me" });
  const calls = hookCalls("/hooks/created");
  expect(calls.map((c) => c.headers["x-attempt-number"])).toEqual(["1", "2", "3"]);
  expect(new Set(calls.map((c) => c.headers["x-request-uuid"])).size).toBe(1);
  for (const c of calls) expect(verifyToken(bearerOf(c.headers.authorization), sharedSecret).iss).toBe(clientKey);
  const [delivery] = h.host.deliveries();
  expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 503, 204]);
  expect(delivery?.delivered).toBe(true);
});

test("When the app fails all three attempts, then the delivery is recorded as failed and not tried again", async () => {
  h.app.script("/hooks/created", [500, 500, 500, 500]);
  await emit({ type: "create", project: "OPS", name: "give-up" });
  expect(hookCalls("/hooks/created")).toHaveLength(3);
  expect(h.host.deliveries()[0]).toMatchObject({ delivered: false });
});
