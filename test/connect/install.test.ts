import request from "supertest";
import { encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { listTenantTables } from "../../src/db/tenant-data";
import { aWorkspace, lifecycleJwt, startHarness, type Harness, type Workspace } from "./harness";
import { codeOf, errorOf } from "./responses";

describe("the install lifecycle", () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(async () => { await h.close(); });

  const storedSecret = async (ws: Workspace): Promise<string | undefined> => {
    const row = (await h.db.knex("AddonSettings").where({ clientKey: ws.clientKey, key: "clientInfo" }).first()) as { val: unknown } | undefined;
    if (!row) return undefined;
    const val = (typeof row.val === "string" ? JSON.parse(row.val) : row.val) as { sharedSecret: string };
    return val.sharedSecret;
  };
  const tenantRow = (ws: Workspace) => h.db.knex("tenants").where({ client_key: ws.clientKey }).first() as Promise<Record<string, unknown> | undefined>;
  const expectNothingStored = async (ws: Workspace) => {
    expect(await storedSecret(ws)).toBeUndefined();
    expect(await tenantRow(ws)).toBeUndefined();
  };

  test("When Bitbucket confirms the secret of a first install, then the installation and its tenant row are stored", async () => {
    const ws = aWorkspace("acme");
    await h.install(ws);
    expect(await storedSecret(ws)).toBe(ws.sharedSecret);
    expect(await tenantRow(ws)).toMatchObject({ client_key: ws.clientKey, workspace_uuid: ws.workspaceUuid, workspace_slug: "acme", base_api_url: h.bitbucket.url });
    const path = `/2.0/workspaces/${encodeURIComponent(ws.workspaceUuid)}/projects`;
    expect(h.bitbucket.requests.filter((r) => r.path === path)).toEqual([{ method: "GET", path, status: 200 }]);
  });

  test("When the baseUrl host is not allowed, then the install is refused with 401 and nothing is stored", async () => {
    const ws = aWorkspace();
    h.bitbucket.registerInstallation(ws);
    const res = await request(h.app).post("/installed").send(h.installedPayload(ws, { baseUrl: "https://evil.example.com" })).expect(401);
    expect(codeOf(res)).toBe("INSTALL_HOST_NOT_ALLOWED");
    expect(errorOf(res).message).toContain("evil.example.com");
    await expectNothingStored(ws);
  });

  test("When baseApiUrl is on an allowed host but is not the configured API base, then the install is refused and no secret is sent anywhere", async () => {
    const ws = aWorkspace();
    const before = h.bitbucket.requests.length;
    const res = await request(h.app).post("/installed").send(h.installedPayload(ws, { baseApiUrl: "https://api.bitbucket.org" })).expect(401);
    expect(codeOf(res)).toBe("INSTALL_HOST_NOT_ALLOWED");
    expect(h.bitbucket.requests.length).toBe(before);
    await expectNothingStored(ws);
  });

  test("When Bitbucket does not confirm the secret, then the install is refused with 401 and nothing is stored", async () => {
    const ws = aWorkspace();
    h.bitbucket.registerInstallation({ ...ws, sharedSecret: "the-real-secret" });
    const res = await request(h.app).post("/installed").send(h.installedPayload(ws)).expect(401);
    expect(codeOf(res)).toBe("INSTALL_NOT_CONFIRMED");
    await expectNothingStored(ws);
  });

  test("When Bitbucket cannot be reached, then the install is refused with 503 and nothing is stored", async () => {
    const down = await startHarness({ fetch: () => Promise.reject(new Error("ECONNREFUSED")) });
    try {
      const ws = aWorkspace();
      const res = await request(down.app).post("/installed").send(down.installedPayload(ws)).expect(503);
      expect(codeOf(res)).toBe("BITBUCKET_UNAVAILABLE");
      expect(Number((await down.db.knex("tenants").count({ n: "*" }))[0]?.n)).toBe(0);
      expect(Number((await down.db.knex("AddonSettings").count({ n: "*" }))[0]?.n)).toBe(0);
    } finally {
      await down.close();
    }
  });

  test.each([
    ["no clientKey", { clientKey: undefined }],
    ["an empty clientKey", { clientKey: "" }],
    ["a clientKey with spaces", { clientKey: "connection: 1" }],
    ["no sharedSecret", { sharedSecret: undefined }],
    ["an empty sharedSecret", { sharedSecret: "" }],
    ["an overlong sharedSecret", { sharedSecret: "x".repeat(257) }],
    ["a baseApiUrl that is no URL", { baseApiUrl: "api.bitbucket.org" }],
    ["no principal", { principal: undefined }],
    ["a malformed principal.uuid", { principal: { uuid: "acme" } }],
    ["another app's key", { key: "someone-else" }],
    ["another product", { productType: "jira" }],
    ["another event", { eventType: "uninstalled" }],
  ])("When the payload has %s, then the install is refused with 400 and nothing is stored", async (_name, overrides) => {
    const ws = aWorkspace();
    h.bitbucket.registerInstallation(ws);
    const res = await request(h.app).post("/installed").send(h.installedPayload(ws, overrides)).expect(400);
    expect(codeOf(res)).toBe("INVALID_INSTALL_PAYLOAD");
    expect(JSON.stringify(res.body)).not.toContain(ws.sharedSecret);
    await expectNothingStored(ws);
  });

  test("When the body is not JSON at all, then the answer is 400 INVALID_JSON", async () => {
    const res = await request(h.app).post("/installed").set("Content-Type", "application/json").send("{nope").expect(400);
    expect(codeOf(res)).toBe("INVALID_JSON");
  });

  test("When an install is signed with RS256, then it is refused before any key is fetched and nothing is stored", async () => {
    const ws = aWorkspace();
    h.bitbucket.registerInstallation(ws);
    const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "k1" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ iss: ws.clientKey, exp: 9_999_999_999 })).toString("base64url");
    const res = await request(h.app).post("/installed").set("Authorization", `JWT ${header}.${body}.sig`).send(h.installedPayload(ws)).expect(401);
    expect(codeOf(res)).toBe("INSTALL_SIGNATURE_UNSUPPORTED");
    await expectNothingStored(ws);
  });

  describe("for a known installation", () => {
    let ws: Workspace;
    beforeEach(async () => {
      ws = aWorkspace();
      await h.install(ws);
    });

    test("When a re-install is signed with the stored secret, then the new secret replaces it", async () => {
      await request(h.app)
        .post("/installed")
        .set("Authorization", `JWT ${lifecycleJwt(ws, "/installed")}`)
        .send(h.installedPayload(ws, { sharedSecret: "rotated-secret" }))
        .expect(204);
      expect(await storedSecret(ws)).toBe("rotated-secret");
    });

    test.each([
      ["no signature", undefined],
      ["a signature by another secret", "attacker-secret"],
    ])("When a re-install carries %s, then it is refused with 401 and nothing changes", async (_name, secret) => {
      const req = request(h.app).post("/installed");
      if (secret) void req.set("Authorization", `JWT ${lifecycleJwt(ws, "/installed", secret)}`);
      const res = await req.send(h.installedPayload(ws, { sharedSecret: "attacker-chosen" })).expect(401);
      expect(codeOf(res)).toBe("INSTALL_SIGNATURE_INVALID");
      expect(await storedSecret(ws)).toBe(ws.sharedSecret);
    });

    test("When a re-install is signed for another path (wrong qsh), then it is refused and nothing changes", async () => {
      const res = await request(h.app)
        .post("/installed")
        .set("Authorization", `JWT ${lifecycleJwt(ws, "/uninstalled")}`)
        .send(h.installedPayload(ws, { sharedSecret: "attacker-chosen" }))
        .expect(401);
      expect(codeOf(res)).toBe("INSTALL_SIGNATURE_INVALID");
      expect(await storedSecret(ws)).toBe(ws.sharedSecret);
    });

    test("When a re-install is signed by workspace B's secret for A's clientKey, then it is refused", async () => {
      const other = aWorkspace();
      await h.install(other);
      const forged = encodeSymmetric(
        { iss: other.clientKey, aud: other.clientKey, exp: Math.floor(Date.now() / 1000) + 60, qsh: "ignored" },
        other.sharedSecret,
        SymmetricAlgorithm.HS256,
      );
      await request(h.app).post("/installed").set("Authorization", `JWT ${forged}`).send(h.installedPayload(ws, { sharedSecret: "x" })).expect(401);
      expect(await storedSecret(ws)).toBe(ws.sharedSecret);
    });

    test.each([
      ["no signature", undefined],
      ["a signature by another secret", "attacker-secret"],
    ])("When an uninstall carries %s, then it is refused with 401 and nothing is deleted", async (_name, secret) => {
      const req = request(h.app).post("/uninstalled");
      if (secret) void req.set("Authorization", `JWT ${lifecycleJwt(ws, "/uninstalled", secret)}`);
      await req.send({ clientKey: ws.clientKey, eventType: "uninstalled" }).expect(401);
      expect(await storedSecret(ws)).toBe(ws.sharedSecret);
      expect(await tenantRow(ws)).toBeDefined();
    });

    test("When a genuine uninstall arrives, then every row of that workspace is gone from every table and other workspaces keep theirs", async () => {
      const other = aWorkspace();
      await h.install(other);
      for (const w of [ws, other]) {
        await h.db.knex("workspace_settings").insert({ client_key: w.clientKey, hourly_call_budget: 10, concurrency: 1, updated_at: 1 });
        await h.db.knex("write_credentials").insert({ client_key: w.clientKey, email: "a@b.c", token_sealed: "v1:x", account_uuid: "{u}", validated_at: 1 });
      }
      await h.db.knex("AddonSettings").insert({ clientKey: ws.clientKey, key: "other-ace-setting", val: JSON.stringify({ a: 1 }) });

      await request(h.app)
        .post("/uninstalled")
        .set("Authorization", `JWT ${lifecycleJwt(ws, "/uninstalled")}`)
        .send({ clientKey: ws.clientKey, eventType: "uninstalled" })
        .expect(204);

      const tables = await listTenantTables(h.db);
      expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["AddonSettings", "tenants", "workspace_settings", "write_credentials"]));
      for (const t of tables) {
        expect({ table: t.table, rows: await h.db.knex(t.table).where(t.column, ws.clientKey).select() }).toEqual({ table: t.table, rows: [] });
      }
      expect(await storedSecret(other)).toBe(other.sharedSecret);
      expect(await h.db.knex("workspace_settings").where({ client_key: other.clientKey }).first()).toBeDefined();
    });

    test("When a workspace uninstalls, then a session token that worked a moment before (installation cached) is refused at once", async () => {
      const owner = `{${"1".repeat(8)}-1111-1111-1111-${"1".repeat(12)}}`;
      h.bitbucket.setOwner(ws.workspaceUuid, owner);
      const token = await h.sessionToken(ws, owner);
      // Twice: the second call is answered from the in-memory installation and tenant caches.
      for (let i = 0; i < 2; i++) await request(h.app).get("/api/settings").set("Authorization", `JWT ${token}`).expect(200);
      await request(h.app).post("/uninstalled").set("Authorization", `JWT ${lifecycleJwt(ws, "/uninstalled")}`).send({ clientKey: ws.clientKey }).expect(204);
      await request(h.app).get("/api/settings").set("Authorization", `JWT ${token}`).expect(401);
      // Re-installed with a new secret: tokens signed with the old one are refused at once, new ones work.
      const again = { ...ws, sharedSecret: "rotated-secret" };
      h.bitbucket.registerInstallation(again);
      await request(h.app).post("/installed").send(h.installedPayload(again)).expect(204);
      await request(h.app).get("/api/settings").set("Authorization", `JWT ${token}`).expect(401);
      await request(h.app).get("/api/settings").set("Authorization", `JWT ${await h.sessionToken(again, owner)}`).expect(200);
    });

    test("When a workspace installs again after uninstalling, then it is unknown again and Bitbucket must confirm the new secret", async () => {
      await request(h.app).post("/uninstalled").set("Authorization", `JWT ${lifecycleJwt(ws, "/uninstalled")}`).send({ clientKey: ws.clientKey }).expect(204);
      // Bitbucket signs this install with the previous secret, which we deleted; only the probe can vouch for the new one.
      const again = { ...ws, sharedSecret: "fresh-secret" };
      h.bitbucket.registerInstallation(again);
      await request(h.app).post("/installed").set("Authorization", `JWT ${lifecycleJwt(ws, "/installed")}`).send(h.installedPayload(again)).expect(204);
      expect(await storedSecret(ws)).toBe("fresh-secret");
    });
  });
});
