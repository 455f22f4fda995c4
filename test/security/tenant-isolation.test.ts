// Database-backed through ../integration/stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type request from "supertest";
import type { ApiErrorBody, AuditResponse, Job, JobsResponse, JobStarted, Plan } from "../../src/shared/api-contract";
import { startStack, type ApiAs, type Seed, type Stack, type StackWorkspace } from "../integration/stack";

const seed: Seed = (ws) => ws.withProject("PROJ", { repos: 2 });

/**
 * Workspace A's owner (a real admin, with a genuine session token) aims at every id-bearing route of workspace B. The id is
 * looked up in A's workspace first, so each answers 404 NOT_FOUND with nothing of B in it, and B's jobs, settings and
 * credential are untouched.
 */
describe("One workspace's token against another workspace's ids", () => {
  let stack: Stack;
  let globex: StackWorkspace;
  let a: ApiAs;
  let b: ApiAs;
  let bJob: string;
  let bPlanUnapplied: string;
  let bPlanApplied: string;

  beforeAll(async () => {
    stack = await startStack({ seed, second: true, worker: false });
    globex = stack.globex!;
    a = stack.owner;
    b = await stack.as(globex, globex.ownerUuid);
    await b.put("/api/settings", { hourlyCallBudget: 777, concurrency: 3 }).expect(200);
    const plan = async () => ((await b.post("/api/projects/GLOB/plans", {
      principal: { type: "user", id: globex.memberUuid }, permission: "write", scope: "repositories",
    }).expect(201)).body as Plan).id;
    bPlanApplied = await plan();
    bPlanUnapplied = await plan();
    bJob = ((await b.post(`/api/plans/${bPlanApplied}/apply`).expect(202)).body as JobStarted).jobId;
  });
  afterAll(async () => { await stack.close(); });

  const bJobState = async () => ((await b.get(`/api/jobs/${bJob}?items=none`).expect(200)).body as Job).state;
  const bJobCount = async () => ((await b.get("/api/jobs").expect(200)).body as JobsResponse).values.length;
  const expectNotFound = (res: request.Response, label: string) => {
    expect({ label, status: res.status }).toEqual({ label, status: 404 });
    const body = res.body as ApiErrorBody;
    expect(Object.keys(body).sort()).toEqual(["error", "traceId"]);
    expect(body.error.code).toBe("NOT_FOUND");
    const text = JSON.stringify(body);
    for (const secret of [bJob, bPlanApplied, globex.uuid, "globex", "glob-repo-001", globex.memberUuid]) expect(text).not.toContain(secret);
  };
  const idRoutes = (): [string, () => request.Test][] => [
    ["GET job", () => a.get(`/api/jobs/${bJob}`)],
    ["GET job items=all", () => a.get(`/api/jobs/${bJob}?items=all`)],
    ["cancel job", () => a.post(`/api/jobs/${bJob}/cancel`)],
    ["retry job", () => a.post(`/api/jobs/${bJob}/retry`)],
    ["undo job", () => a.post(`/api/jobs/${bJob}/undo`)],
    ["apply applied plan", () => a.post(`/api/plans/${bPlanApplied}/apply`)],
    ["apply unapplied plan", () => a.post(`/api/plans/${bPlanUnapplied}/apply`)],
    ["access of B's project key", () => a.get("/api/projects/GLOB/access")],
    ["access of B's project key, refreshed", () => a.get("/api/projects/GLOB/access?refresh=true")],
    ["plan on B's project key", () => a.post("/api/projects/GLOB/plans", { principal: { type: "user", id: globex.memberUuid }, permission: "admin", scope: "both" })],
  ];

  test("When A aims at B's queued job and plans, then every route answers 404 and B's job stays queued", async () => {
    const before = await bJobCount();
    for (const [label, call] of idRoutes()) expectNotFound(await call(), label);
    expect(await bJobState()).toBe("queued");
    expect(await bJobCount()).toBe(before);
  });

  test("When A aims at B's finished job, then retry and undo still answer 404 and start nothing in B", async () => {
    const worker = stack.startWorker("isolation");
    for (let i = 0; i < 500 && ["queued", "running"].includes(await bJobState()); i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop();
    expect(await bJobState()).toBe("succeeded");
    const before = await bJobCount();
    for (const [label, call] of idRoutes()) expectNotFound(await call(), label);
    expect(await bJobCount()).toBe(before);
  });

  test("When A reads its workspace-wide lists filtered by B's project, then they are empty; its settings and credential are its own", async () => {
    expect(((await a.get("/api/jobs?project=GLOB").expect(200)).body as JobsResponse).values).toEqual([]);
    expect(((await a.get("/api/audit?project=GLOB").expect(200)).body as AuditResponse).values).toEqual([]);
    expect((await a.get("/api/audit?project=GLOB&format=csv").expect(200)).text.trim().split("\r\n")).toHaveLength(1);
    expect((await a.get("/api/settings").expect(200)).body).toEqual({ hourlyCallBudget: 900, concurrency: 4 });
    const credential = JSON.stringify((await a.get("/api/settings/credential").expect(200)).body);
    expect(credential).toContain(stack.acme.ownerEmail);
    expect(credential).not.toContain(globex.ownerEmail);
  });

  test("When A deletes its credential and changes its settings, then B's are untouched", async () => {
    await a.put("/api/settings", { hourlyCallBudget: 10, concurrency: 1 }).expect(200);
    await a.delete("/api/settings/credential").expect(204);
    expect((await b.get("/api/settings").expect(200)).body).toEqual({ hourlyCallBudget: 777, concurrency: 3 });
    expect((await b.get("/api/settings/credential").expect(200)).body).toMatchObject({ configured: true, account: { email: globex.ownerEmail } });
  });

  test("When A's calls are done, then Bitbucket was never asked about B's workspace with A's identity", () => {
    const aIdentities = new Set([stack.acme.clientKey, stack.acme.ownerUuid]);
    const leaks = stack.sim.requests().filter((r) => r.identity !== undefined && aIdentities.has(r.identity)
      && (r.path.includes("/globex") || r.path.includes(encodeURIComponent(globex.uuid)) || r.path.includes(globex.uuid)));
    expect(leaks).toEqual([]);
  });
});
