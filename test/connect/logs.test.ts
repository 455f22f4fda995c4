import request from "supertest";
import { encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import { aUserUuid, aWorkspace, lifecycleJwt, nowSec, startHarness } from "./harness";

describe("the log", () => {
  test("When a workspace installs, opens pages, calls the API, fails auth and uninstalls, then no secret or token reaches the log", async () => {
    const h = await startHarness();
    const tokens: string[] = [];
    const ws = aWorkspace("acme");
    const admin = aUserUuid();
    try {
      await h.install(ws);
      h.bitbucket.setOwner(ws.workspaceUuid, admin);

      const reinstall = lifecycleJwt(ws, "/installed");
      tokens.push(reinstall);
      await request(h.app).post("/installed").set("Authorization", `JWT ${reinstall}`).send(h.installedPayload(ws)).expect(204);

      const q = { workspace: "acme" };
      const pageJwt = h.pageJwt(ws, "/access", q, { sub: admin });
      tokens.push(pageJwt);
      const page = await request(h.app).get("/access").query({ ...q, jwt: pageJwt }).expect(200);
      const session = page.headers["x-acpt"] as string;
      tokens.push(session);

      const api = await request(h.app).put("/api/settings").set("Authorization", `JWT ${session}`).send({ hourlyCallBudget: 10, concurrency: 1 }).expect(200);
      tokens.push(api.headers["x-acpt"] as string);

      // Failures make ACE quote token segments in its messages ("Signature verification failed for input: …").
      const forged = encodeSymmetric({ iss: ws.clientKey, aud: ws.clientKey, sub: admin, iat: nowSec(), exp: nowSec() + 60, qsh: "x" }, "wrong-secret", SymmetricAlgorithm.HS256);
      tokens.push(forged);
      await request(h.app).get("/access").query({ ...q, jwt: forged }).expect(401);
      const wrongQsh = h.pageJwt(ws, "/configure", q);
      tokens.push(wrongQsh);
      await request(h.app).get("/access").query({ ...q, jwt: wrongQsh }).expect(401);
      await request(h.app).put("/api/settings").set("Authorization", `JWT ${forged}`).send({ hourlyCallBudget: 10, concurrency: 1 }).expect(401);
      await request(h.app).post("/installed").send(h.installedPayload(aWorkspace(), { baseUrl: "https://evil.example" })).expect(401);

      const uninstall = lifecycleJwt(ws, "/uninstalled");
      tokens.push(uninstall);
      await request(h.app).post("/uninstalled").set("Authorization", `JWT ${uninstall}`).send({ clientKey: ws.clientKey }).expect(204);
    } finally {
      await h.close();
    }

    const log = h.logLines.join("");
    expect(log).toContain("installation stored");
    expect(log).toContain("request refused");
    // ACE did quote token segments; the adapter scrubbed them.
    expect(log).toContain("[redacted-jwt]");
    expect(log).not.toContain(ws.sharedSecret);
    expect(log).not.toContain("wrong-secret");
    for (const token of tokens) {
      const [header, payload, signature] = token.split(".");
      expect(log).not.toContain(token);
      expect(log).not.toContain(`${header}.${payload}`);
      expect(log).not.toContain(payload);
      expect(log).not.toContain(signature);
    }
    expect(log).not.toMatch(/"authorization"\s*:\s*"JWT/i);
  });
});
