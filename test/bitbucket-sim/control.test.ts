/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import request from "supertest";
import type { RepoEvent } from "./control/events";
import { aWorkspace } from "./seed/builder";
import { startTestSim, type TestSim } from "./test-support";

let t: TestSim;
beforeEach(async () => { t = await startTestSim(); });
afterEach(async () => { await t.sim.close(); });

const REPO = "/2.0/repositories/acme/plat-repo-001";
const call = (path = REPO) => t.http.get(path).set("Authorization", t.owner);

describe("faults", () => {
  test("When a rule injects 503 twice, then exactly two calls fail and the rest pass", async () => {
    await t.http.post("/__sim/faults").send({ rules: [{ pathGlob: "/2.0/repositories/**", status: 503, times: 2 }] }).expect(200);
    const statuses = [(await call()).status, (await call()).status, (await call()).status];
    expect(statuses).toEqual([503, 503, 200]);
  });

  test("When a fault is 429, then it looks like the real rate limit (text/plain)", async () => {
    t.sim.setFaults([{ pathGlob: "**", status: 429, times: 1 }]);
    const res = await call();
    expect(res.status).toBe(429);
    expect(res.text).toBe("Rate limit for this resource has been exceeded");
  });

  test("When a rule names a method, then other methods pass", async () => {
    t.sim.setFaults([{ method: "PUT", pathGlob: "**", status: 500 }]);
    expect((await call()).status).toBe(200);
  });

  test("When a rule drops the connection, then the client sees a socket error and the log shows status 0", async () => {
    t.sim.setFaults([{ pathGlob: "/2.0/workspaces/**", drop: true, times: 1 }]);
    await expect(fetch(`${t.sim.url}/2.0/workspaces/acme`, { headers: { Authorization: t.owner } })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(t.sim.requests().at(-1)).toMatchObject({ path: "/2.0/workspaces/acme", status: 0 });
  });

  test("When a rule delays, then the answer comes after the delay and is otherwise normal", async () => {
    t.sim.setFaults([{ pathGlob: "**", delayMs: 80, times: 1 }]);
    const started = Date.now();
    expect((await call()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  test("When a probability rule is replayed with the same seed, then the same calls fail", async () => {
    const run = async (): Promise<number[]> => {
      t.sim.setFaults([{ pathGlob: "**", status: 500, probability: 0.5 }]);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await call()).status);
      return out;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  test("When a fault rule is malformed, then the control API answers 400", async () => {
    await t.http.post("/__sim/faults").send([{ pathGlob: "**", status: 418 }]).expect(400);
  });
});

describe("control API", () => {
  test("When /__sim/requests is read, then it lists method, path, query, auth kind, identity, status and time", async () => {
    await t.http.delete("/__sim/requests").expect(204);
    await call(`${REPO}?fields=slug`);
    const log = (await t.http.get("/__sim/requests")).body as unknown[];
    expect(log).toEqual([{ method: "GET", path: REPO, query: { fields: "slug" }, authKind: "api-token",
      identity: expect.stringMatching(/^\{/), status: 200, at: t.sim.clock.now() }]);
  });

  test("When switches are posted, then they apply and unknown switches are refused", async () => {
    const res = await t.http.post("/__sim/switches").send({ getWithoutGrant: 200 }).expect(200);
    expect(res.body.getWithoutGrant).toBe(200);
    await t.http.post("/__sim/switches").send({ noSuchSwitch: true }).expect(400);
  });

  test("When the clock is advanced through the API, then now moves by that much", async () => {
    const before = t.sim.clock.now();
    const res = await t.http.post("/__sim/clock").send({ advanceMs: 90_000 }).expect(200);
    expect(res.body.now).toBe(before + 90_000);
  });

  test("When reset then seed are posted, then only the seeded workspace exists", async () => {
    await t.http.post("/__sim/reset").expect(204);
    const fixture = aWorkspace("beta").withOwner("bea").withProject("B", { repos: 2 }).withApiToken("bea", "bt").build();
    expect((await t.http.post("/__sim/seed").send(fixture).expect(200)).body).toEqual({ workspaces: 1, repositories: 2 });
    const auth = `Basic ${Buffer.from("bea@beta.example:bt").toString("base64")}`;
    expect((await t.http.get("/2.0/repositories/beta").set("Authorization", auth)).body.size).toBe(2);
    expect((await t.http.get("/2.0/repositories/acme").set("Authorization", auth)).status).toBe(404);
  });

  test("When a seed has a dangling reference, then it is 400", async () => {
    const fixture = aWorkspace("gamma").withOwner("g").build();
    fixture.workspaces[0]!.members.push({ user: "nobody", role: "member" });
    await t.http.post("/__sim/seed").send(fixture).expect(400);
  });

  test("When an unknown control path is called, then 404; control calls never reach the request log", async () => {
    await t.http.get("/__sim/nope").expect(404);
    expect(t.sim.requests()).toEqual([]);
  });

  test("When installations and tokens are registered over HTTP, then they authenticate", async () => {
    await t.http.post("/__sim/api-tokens").send({ email: "x@acme.example", token: "x", userUuid: t.sim.state.findWorkspace("acme")!.members.keys().next().value }).expect(204);
    expect((await t.http.get("/2.0/user").set("Authorization", `Basic ${Buffer.from("x@acme.example:x").toString("base64")}`)).status).toBe(200);
    await t.http.delete("/__sim/installations/connection:acme").expect(204);
    expect((await t.http.get(REPO).set("Authorization", t.jwt("GET", REPO))).status).toBe(401);
  });
});

describe("repository events", () => {
  const post = (body: object) => request(t.sim.url).post("/__sim/events").send(body);

  test("When a repo is created, renamed, moved and deleted, then state follows and each emits its event", async () => {
    const seen: RepoEvent[] = [];
    t.sim.events.on("repo", (e) => seen.push(e));
    await post({ type: "create", workspace: "acme", project: "OPS", name: "New Thing" }).expect(200);
    expect((await call("/2.0/repositories/acme/new-thing")).body.project.key).toBe("OPS");
    await post({ type: "rename", workspace: "acme", repo: "new-thing", name: "Renamed" }).expect(200);
    expect((await call("/2.0/repositories/acme/new-thing")).status).toBe(404);
    await post({ type: "move", workspace: "acme", repo: "renamed", project: "DATA" }).expect(200);
    expect((await call("/2.0/repositories/acme/renamed")).body.project.key).toBe("DATA");
    await post({ type: "delete", workspace: "acme", repo: "renamed" }).expect(200);
    expect((await call("/2.0/repositories/acme/renamed")).status).toBe(404);
    expect(seen.map((e) => e.event)).toEqual(["repo:created", "repo:updated", "repo:updated", "repo:deleted"]);
    expect(seen[1]?.changes?.name).toEqual({ old: "New Thing", new: "Renamed" });
    expect(new Set(seen.map((e) => e.repository.uuid)).size).toBe(1);
  });

  test("When repoUpdatedOnProjectMove is off, then a move emits nothing", async () => {
    t.sim.setSwitches({ repoUpdatedOnProjectMove: false });
    const res = await post({ type: "move", workspace: "acme", repo: "ops-repo-001", project: "WEB" }).expect(200);
    expect(res.body.emitted).toBeNull();
  });

  test("When a repo is transferred, then it leaves the workspace, keeps its uuid and emits repo:transfer", async () => {
    t.sim.seed(aWorkspace("beta").withOwner("bea").withProject("B").build());
    const res = await post({ type: "transfer", workspace: "acme", repo: "ops-repo-001", toWorkspace: "beta" }).expect(200);
    expect(res.body.emitted).toMatchObject({ event: "repo:transfer", previousWorkspace: { slug: "acme" }, repository: { full_name: "beta/ops-repo-001" } });
    expect((await call("/2.0/repositories/acme/ops-repo-001")).status).toBe(404);
  });

  test("When an event names an unknown repo, then 404", async () => {
    await post({ type: "delete", workspace: "acme", repo: "ghost" }).expect(404);
  });
});
