import { Router } from "express";
import request from "supertest";
import { decodeSymmetric, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import type { ApiRouteModule } from "../../src/app";
import { ApiError } from "../../src/http/api-error";
import { tenantOf } from "../../src/http/tenant-context";
import { tenantScope } from "../../src/db/tenant-scope";
import { aUserUuid, aWorkspace, nowSec, startHarness, type Harness, type Workspace } from "./harness";
import type { ApiErrorBody } from "../../src/shared/api-types";
import { codeOf } from "./responses";

/** A stand-in for the routes to come: tenant rows addressed by id, always through tenantScope. */
const notesModule: ApiRouteModule = (kit) => {
  const router = Router();
  router.get("/notes/:id", kit.requireAdmin(), (req, res, next) => {
    tenantScope(kit.db.knex, tenantOf(res).clientKey).from("test_notes").where({ id: Number(req.params.id) }).first()
      .then((note: unknown) => {
        if (!note) throw new ApiError(404, "NOT_FOUND", "No such note");
        res.json(note);
      })
      .catch(next);
  });
  router.put("/notes/:id", kit.requireAdmin(), (req, res, next) => {
    tenantScope(kit.db.knex, tenantOf(res).clientKey).from("test_notes").where({ id: Number(req.params.id) }).update({ text: String((req.body as { text?: unknown }).text) })
      .then((n: number) => {
        if (n === 0) throw new ApiError(404, "NOT_FOUND", "No such note");
        res.status(204).end();
      })
      .catch(next);
  });
  router.get("/projects/:projectKey/ping", kit.requireAdmin({ projectKey: (req) => req.params.projectKey }), (_req, res) => {
    res.json({ ok: true });
  });
  return router;
};

describe("the /api routes", () => {
  let h: Harness;
  let a: Workspace;
  let b: Workspace;
  const adminA = aUserUuid();
  const adminB = aUserUuid();
  const memberA = aUserUuid();
  const projectAdminA = aUserUuid();
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    h = await startHarness({ apiRoutes: [notesModule] });
    await h.db.knex.schema.createTable("test_notes", (t) => {
      t.increments("id");
      t.string("client_key", 255).notNullable().references("client_key").inTable("tenants").onDelete("CASCADE");
      t.string("text").notNullable();
    });
    a = aWorkspace("ws-a");
    b = aWorkspace("ws-b");
    await h.install(a);
    await h.install(b);
    h.bitbucket.setOwner(a.workspaceUuid, adminA);
    h.bitbucket.setOwner(b.workspaceUuid, adminB);
    h.bitbucket.setProjectAdmin(a.workspaceUuid, "PROJ", projectAdminA);
    tokenA = await h.sessionToken(a, adminA);
    tokenB = await h.sessionToken(b, adminB);
  });
  afterAll(async () => { await h.close(); });

  const api = (method: "get" | "put", path: string, token?: string) => {
    const req = request(h.app)[method](path);
    return token === undefined ? req : req.set("Authorization", `JWT ${token}`);
  };

  test("When a workspace admin reads the settings before saving any, then the defaults come back with a fresh session token", async () => {
    const res = await api("get", "/api/settings", tokenA).expect(200);
    expect(res.body).toEqual({ hourlyCallBudget: 900, concurrency: 4 });
    expect(res.headers["x-acpt"]).toMatch(/^eyJ/);
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  test("When the fresh session token of an answer is used next, then it works for the same user and workspace and expires later", async () => {
    const first = await api("get", "/api/settings", tokenA).expect(200);
    const fresh = first.headers["x-acpt"] as string;
    const claims = decodeSymmetric(fresh, a.sharedSecret, SymmetricAlgorithm.HS256) as { iss: string; sub: string; aud: string[]; exp: number; iat: number };
    expect(claims).toMatchObject({ iss: "project-access", sub: adminA, aud: [a.clientKey] });
    expect(claims.exp - claims.iat).toBe(15 * 60);
    await api("get", "/api/settings", fresh).expect(200);
    // Signed with workspace A's secret: workspace B's secret must not verify it.
    expect(() => { decodeSymmetric(fresh, b.sharedSecret, SymmetricAlgorithm.HS256); }).toThrow();
  });

  test("When a workspace admin saves settings, then they are stored for that workspace only", async () => {
    await api("put", "/api/settings", tokenA).send({ hourlyCallBudget: 500, concurrency: 2 }).expect(200, { hourlyCallBudget: 500, concurrency: 2 });
    expect((await api("get", "/api/settings", tokenA).expect(200)).body).toEqual({ hourlyCallBudget: 500, concurrency: 2 });
    expect((await api("get", "/api/settings", tokenB).expect(200)).body).toEqual({ hourlyCallBudget: 900, concurrency: 4 });
  });

  test.each([
    [{ hourlyCallBudget: 0, concurrency: 4 }],
    [{ hourlyCallBudget: 10_001, concurrency: 4 }],
    [{ hourlyCallBudget: 900, concurrency: 17 }],
    [{ hourlyCallBudget: 1.5, concurrency: 4 }],
    [{ hourlyCallBudget: "900", concurrency: 4 }],
    [{ concurrency: 4 }],
    [{ hourlyCallBudget: 900, concurrency: 4, extra: true }],
  ])("When settings %j are saved, then the answer is 400 VALIDATION_FAILED", async (body) => {
    const res = await api("put", "/api/settings", tokenA).send(body).expect(400);
    expect(codeOf(res)).toBe("VALIDATION_FAILED");
    // The same details shape as every other route's 400, so the pages can point at the bad field.
    const details = (res.body as ApiErrorBody).error.details as { fields?: Array<{ path?: unknown }> } | undefined;
    expect(details?.fields?.length).toBeGreaterThan(0);
    expect(details?.fields?.every((f) => typeof f.path === "string")).toBe(true);
    expect((res.body as ApiErrorBody).traceId).toEqual(expect.any(String));
  });

  test("When the body is not JSON or too large, then the answer is 400 INVALID_JSON or 413 PAYLOAD_TOO_LARGE, never 5xx", async () => {
    const bad = await api("put", "/api/settings", tokenA).set("Content-Type", "application/json").send('{"hourlyCallBudget":').expect(400);
    expect(codeOf(bad)).toBe("INVALID_JSON");
    const big = await api("put", "/api/settings", tokenA).set("Content-Type", "application/json").send(JSON.stringify({ x: "a".repeat(200_000) })).expect(413);
    expect(codeOf(big)).toBe("PAYLOAD_TOO_LARGE");
  });

  test("When an unknown /api route is called with a valid token, then the answer is a JSON 404", async () => {
    const res = await api("get", "/api/nope", tokenA).expect(404);
    expect(codeOf(res)).toBe("NOT_FOUND");
  });

  test.each([
    ["no token", () => undefined],
    ["a token signed with another secret", () => encodeSymmetric({ iss: "project-access", aud: [a.clientKey], sub: adminA, iat: nowSec(), exp: nowSec() + 60 }, "nope", SymmetricAlgorithm.HS256)],
    ["an expired session token", () => encodeSymmetric({ iss: "project-access", aud: [a.clientKey], sub: adminA, iat: nowSec() - 2000, exp: nowSec() - 1000 }, a.sharedSecret, SymmetricAlgorithm.HS256)],
    ["a token that names no user", () => encodeSymmetric({ iss: "project-access", aud: [a.clientKey], iat: nowSec(), exp: nowSec() + 60 }, a.sharedSecret, SymmetricAlgorithm.HS256)],
  ])("When /api is called with %s, then the answer is 401", async (_name, token) => {
    const res = await api("get", "/api/settings", token()).expect(401);
    expect(codeOf(res)).toBe("UNAUTHENTICATED");
  });

  test("When the session token comes in the query string instead of the header, then the answer is 401", async () => {
    await request(h.app).get("/api/settings").query({ jwt: tokenA }).expect(401);
  });

  test("When a workspace member who is no admin calls /api, then the answer is 403 NOT_AN_ADMIN with no data", async () => {
    const token = await h.sessionToken(a, memberA);
    const res = await api("get", "/api/settings", token).expect(403);
    const body = res.body as ApiErrorBody;
    expect(Object.keys(body).sort()).toEqual(["error", "traceId"]);
    expect(body.error.code).toBe("NOT_AN_ADMIN");
    expect(body.error.message).toContain("workspace admin");
  });

  test("When a project admin calls a route about their project, then it is allowed; about another project or the workspace, 403", async () => {
    const token = await h.sessionToken(a, projectAdminA);
    await api("get", "/api/projects/PROJ/ping", token).expect(200, { ok: true });
    expect(codeOf(await api("get", "/api/projects/OTHER/ping", token).expect(403))).toBe("NOT_AN_ADMIN");
    await api("get", "/api/settings", token).expect(403);
  });

  test("When the same admin calls again within minutes, then Bitbucket is asked once", async () => {
    const token = await h.sessionToken(b, adminB);
    const count = () => h.bitbucket.requests.filter((r) => r.path.includes(encodeURIComponent(b.workspaceUuid)) && r.path.endsWith("/permissions")).length;
    await api("get", "/api/settings", token).expect(200);
    const after = count();
    await api("get", "/api/settings", token).expect(200);
    expect(count()).toBe(after);
  });

  describe("tenant isolation", () => {
    let noteOfB: number;
    beforeAll(async () => {
      await tenantScope(h.db.knex, a.clientKey).insert("test_notes", { text: "a's note" });
      await tenantScope(h.db.knex, b.clientKey).insert("test_notes", { text: "b's note" });
      const row = (await h.db.knex("test_notes").where({ client_key: b.clientKey }).first()) as { id: number };
      noteOfB = row.id;
    });

    test("When workspace A's admin reads workspace B's id, then the answer is 404", async () => {
      await api("get", `/api/notes/${noteOfB}`, tokenB).expect(200);
      const res = await api("get", `/api/notes/${noteOfB}`, tokenA).expect(404);
      expect(codeOf(res)).toBe("NOT_FOUND");
      expect(JSON.stringify(res.body)).not.toContain("b's note");
    });

    test("When workspace A's admin changes workspace B's id, then the answer is 404 and B's row is unchanged", async () => {
      await api("put", `/api/notes/${noteOfB}`, tokenA).send({ text: "overwritten" }).expect(404);
      expect(((await h.db.knex("test_notes").where({ id: noteOfB }).first()) as { text: string }).text).toBe("b's note");
    });

    test("When A's session token is replayed with B's clientKey in the audience, then it fails verification", async () => {
      const [hd, payload, sig] = tokenA.split(".");
      const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
      const forged = `${hd}.${Buffer.from(JSON.stringify({ ...claims, aud: [b.clientKey] })).toString("base64url")}.${sig}`;
      await api("get", `/api/notes/${noteOfB}`, forged).expect(401);
    });
  });
});
