// Database-backed through ../connect/harness (test/helpers/test-database).
import request from "supertest";
import { encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { aWorkspace, lifecycleJwt, nowSec, startHarness, type Harness, type Workspace } from "../connect/harness";
import { codeOf } from "../connect/responses";

/**
 * Forged lifecycle calls beyond test/connect/install.test.ts (which covers the host allowlist, a secret Bitbucket does not
 * confirm, missing fields and wrong signatures on re-install and uninstall): wrong types, oversized payloads, look-alike API
 * bases, and lifecycle calls signed for one workspace but naming another.
 */
describe("Forged installs and uninstalls", () => {
  let h: Harness;
  let victim: Workspace;
  let attacker: Workspace;
  beforeAll(async () => {
    h = await startHarness();
    victim = aWorkspace("victim");
    attacker = aWorkspace("attacker");
    await h.install(victim);
    await h.install(attacker);
  });
  afterAll(async () => { await h.close(); });

  const storedSecret = async (ws: Workspace): Promise<string | undefined> => {
    const row = (await h.db.knex("AddonSettings").where({ clientKey: ws.clientKey, key: "clientInfo" }).first()) as { val: unknown } | undefined;
    return row ? ((typeof row.val === "string" ? JSON.parse(row.val) : row.val) as { sharedSecret: string }).sharedSecret : undefined;
  };
  const tenants = async () => Number((await h.db.knex("tenants").count({ n: "*" }))[0]?.n);
  const probes = () => h.bitbucket.requests.length;

  test.each<[string, Record<string, unknown>]>([
    ["a numeric clientKey", { clientKey: 12345 }],
    ["an object sharedSecret", { sharedSecret: { $gt: "" } }],
    ["an array baseApiUrl", { baseApiUrl: ["http://127.0.0.1"] }],
    ["a string principal", { principal: "{00000000-0000-0000-0000-000000000000}" }],
    ["a null key", { key: null }],
    ["a boolean eventType", { eventType: true }],
    ["a clientKey with CRLF", { clientKey: "connection:1\r\nX-Evil: 1" }],
    ["a clientKey with NUL", { clientKey: "connection:1\u0000" }],
    ["a clientKey of 10,000 characters", { clientKey: `connection:${"x".repeat(10_000)}` }],
    ["a principal.uuid with ../", { principal: { type: "team", uuid: "{../../../../etc/passwd-0000-0000-00000000}" } }],
  ])("When the install payload has %s, then 400 and nothing is stored or probed", async (_name, overrides) => {
    const ws = aWorkspace();
    h.bitbucket.registerInstallation(ws);
    const before = { tenants: await tenants(), probes: probes() };
    const res = await request(h.app).post("/installed").send(h.installedPayload(ws, overrides)).expect(400);
    expect(codeOf(res)).toBe("INVALID_INSTALL_PAYLOAD");
    expect({ tenants: await tenants(), probes: probes() }).toEqual(before);
  });

  test.each([
    ["an array", "[]"],
    ["a JSON string", "\"installed\""],
    ["a body over 100 kB", JSON.stringify({ key: "project-access", pad: "x".repeat(120_000) })],
  ])("When the install body is %s, then a 4xx and nothing is stored", async (_name, body) => {
    const before = await tenants();
    const res = await request(h.app).post("/installed").set("Content-Type", "application/json").send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await tenants()).toBe(before);
  });

  test.each([
    (base: string) => `${base}@evil.example`,
    (base: string) => `${base}.evil.example`,
    (base: string) => base.replace("http://", "http://evil.example#"),
    (base: string) => `${base}/../../evil`,
    (base: string) => base.replace("127.0.0.1", "127.0.0.1.nip.io"),
    (base: string) => base.replace("http:", "file:"),
  ])("When baseApiUrl only looks like the configured API base (%#), then the install is refused and no secret is sent", async (forge) => {
    const ws = aWorkspace();
    h.bitbucket.registerInstallation(ws);
    const before = probes();
    const res = await request(h.app).post("/installed").send(h.installedPayload(ws, { baseApiUrl: forge(h.bitbucket.url) }));
    expect([400, 401]).toContain(res.status);
    expect(probes()).toBe(before);
    expect(await storedSecret(ws)).toBeUndefined();
  });

  test("When the attacker signs a re-install with their own secret but names the victim's clientKey, then 401 and the victim's secret stays", async () => {
    const forged = lifecycleJwt({ ...victim, sharedSecret: attacker.sharedSecret }, "/installed");
    await request(h.app).post("/installed").set("Authorization", `JWT ${forged}`).send(h.installedPayload(victim, { sharedSecret: "attacker-chosen" })).expect(401);
    expect(await storedSecret(victim)).toBe(victim.sharedSecret);
  });

  test("When the attacker's genuine re-install carries the victim's clientKey in the body, then it is refused and neither secret changes", async () => {
    const res = await request(h.app).post("/installed").set("Authorization", `JWT ${lifecycleJwt(attacker, "/installed")}`)
      .send(h.installedPayload(victim, { sharedSecret: "attacker-chosen" }));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await storedSecret(victim)).toBe(victim.sharedSecret);
    expect(await storedSecret(attacker)).toBe(attacker.sharedSecret);
  });

  test("When the attacker's genuine uninstall names the victim's clientKey in the body, then the victim stays installed", async () => {
    await request(h.app).post("/uninstalled").set("Authorization", `JWT ${lifecycleJwt(attacker, "/uninstalled")}`)
      .send({ clientKey: victim.clientKey, eventType: "uninstalled" });
    expect(await storedSecret(victim)).toBe(victim.sharedSecret);
    expect(await h.db.knex("tenants").where({ client_key: victim.clientKey }).first()).toBeDefined();
  });

  test.each<[string, () => string]>([
    ["alg none", () => `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ iss: victim.clientKey, exp: nowSec() + 60 })).toString("base64url")}.`],
    ["an expired signature", () => encodeSymmetric({ iss: victim.clientKey, aud: victim.clientKey, iat: nowSec() - 600, exp: nowSec() - 300, qsh: "x" }, victim.sharedSecret, SymmetricAlgorithm.HS256)],
    ["a token for an unknown clientKey", () => lifecycleJwt(aWorkspace(), "/uninstalled")],
  ])("When an uninstall of a known workspace carries %s, then 401 and nothing is deleted", async (_name, token) => {
    await request(h.app).post("/uninstalled").set("Authorization", `JWT ${token()}`).send({ clientKey: victim.clientKey, eventType: "uninstalled" }).expect(401);
    expect(await storedSecret(victim)).toBe(victim.sharedSecret);
  });
});
