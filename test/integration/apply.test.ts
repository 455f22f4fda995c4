// Database-backed through ./stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { Job, JobStarted, Plan } from "../../src/shared/api-contract";
import { permissionWrites, simGrants } from "./sim-state";
import { startStack, type Seed, type Stack, errorOf } from "./stack";

const PUTS = "/2.0/repositories/acme/*/permissions-config/**";

/** One project per scenario, so the scenarios share a stack without touching each other's state. */
const seed: Seed = (ws) => {
  ws.withUser("bob").withUser("carol").withGroup("developers", { members: ["bob"] })
    .withProject("PROJ", { repos: 12 }).withProject("STORM", { repos: 10 }).withProject("REFUSE", { repos: 4 })
    .withProject("CANCEL", { repos: 40 }).withProject("UNDO", { repos: 5 });
  for (const slug of ["proj-repo-001", "proj-repo-002", "proj-repo-003"]) ws.withRepoGrant(slug, { group: "developers" }, "write");
  ws.withRepoGrant("undo-repo-001", { user: "carol" }, "read").withRepoGrant("undo-repo-002", { user: "carol" }, "admin");
  return ws;
};

describe("Applying plans, with Bitbucket misbehaving, and undoing them", () => {
  let stack: Stack;
  beforeAll(async () => { stack = await startStack({ seed }); });
  afterAll(async () => { await stack.close(); });
  afterEach(() => { stack.sim.setFaults([]); stack.sim.setSwitches({ apiTokenMayWritePermissions: true }); });

  const plan = async (projectKey: string, body: object): Promise<Plan> =>
    (await stack.owner.post(`/api/projects/${projectKey}/plans`, body).expect(201)).body as Plan;
  const apply = async (planId: string): Promise<string> =>
    ((await stack.owner.post(`/api/plans/${planId}/apply`).expect(202)).body as JobStarted).jobId;
  const uuidOf = (nickname: string) => stack.acme.uuidOf(nickname);

  test("When a plan to give a group write on every repository is applied, then Bitbucket ends as planned and no-ops cost no call", async () => {
    const p = await plan("PROJ", { principal: { type: "group", slug: "developers" }, permission: "write", scope: "repositories" });
    expect(p.summary).toEqual({ grant: 9, change: 0, revoke: 0, noop: 3 });
    stack.sim.clearRequests();

    const job = await stack.waitForJob(await apply(p.id));

    expect(job).toMatchObject({ kind: "apply", state: "succeeded", total: 9, done: 9, failed: 0, cancelled: 0, etaSeconds: null });
    const bitbucket = simGrants(stack.sim, "acme");
    for (const slug of bitbucket.repositories("PROJ")) expect(bitbucket.repository(slug)["group:developers"]).toBe("write");
    const writes = permissionWrites(stack.sim);
    const written = new Set(writes.map((w) => decodeURIComponent(w.path).split("/")[4]));
    expect(written).toEqual(new Set(p.items.map((i) => i.repository?.uuid)));
    expect(writes.every((w) => w.authKind === "api-token" && w.method === "PUT")).toBe(true);
  });

  test("When the applied plan is applied again while its job runs, then the same job answers (a double click starts nothing)", async () => {
    stack.sim.setFaults([{ method: "PUT", pathGlob: PUTS, delayMs: 50 }]);
    const p = await plan("PROJ", { principal: { type: "user", id: uuidOf("carol") }, permission: "read", scope: "repositories" });
    const first = await apply(p.id);
    expect(await apply(p.id)).toBe(first);
    expect((await stack.waitForJob(first)).state).toBe("succeeded");
  });

  test("When Bitbucket answers a storm of 429s and 5xx, then the job still ends with every item done and none failed", async () => {
    stack.sim.setFaults([
      { method: "PUT", pathGlob: PUTS, status: 429, times: 15 },
      { method: "PUT", pathGlob: PUTS, status: 503, times: 8 },
    ]);
    stack.sim.clearRequests();
    const p = await plan("STORM", { principal: { type: "group", slug: "developers" }, permission: "read", scope: "repositories" });

    const job = await stack.waitForJob(await apply(p.id));

    expect(job).toMatchObject({ state: "succeeded", total: 10, done: 10, failed: 0 });
    const statuses = permissionWrites(stack.sim).map((w) => w.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(statuses.filter((s) => s === 503)).toHaveLength(8);
    const bitbucket = simGrants(stack.sim, "acme");
    for (const slug of bitbucket.repositories("STORM")) expect(bitbucket.repository(slug)["group:developers"]).toBe("read");
  });

  test("When Bitbucket refuses the API token on a write, then every item says why, and a retry after the fix completes the job", async () => {
    stack.sim.setSwitches({ apiTokenMayWritePermissions: false });
    const p = await plan("REFUSE", { principal: { type: "user", id: uuidOf("bob") }, permission: "write", scope: "repositories" });

    const refused = await stack.waitForJob(await apply(p.id));

    expect(refused).toMatchObject({ state: "failed", total: 4, failed: 4, done: 0 });
    for (const item of refused.items) expect(item.error).toMatch(/refused this credential for permission changes/);
    expect(simGrants(stack.sim, "acme").repository("refuse-repo-001")[`user:${uuidOf("bob")}`]).toBeUndefined();

    stack.sim.setSwitches({ apiTokenMayWritePermissions: true });
    const retryId = ((await stack.owner.post(`/api/jobs/${refused.id}/retry`).expect(202)).body as JobStarted).jobId;
    const retried = await stack.waitForJob(retryId);
    expect(retried).toMatchObject({ kind: "retry", state: "succeeded", total: 4, done: 4 });
    expect(simGrants(stack.sim, "acme").repository("refuse-repo-004")[`user:${uuidOf("bob")}`]).toBe("write");
    await stack.owner.post(`/api/jobs/${retryId}/retry`).expect(409).expect((res) => { expect(errorOf(res).code).toBe("NOTHING_TO_RETRY"); });
  });

  test("When a running job is cancelled, then its pending items are cancelled and Bitbucket holds exactly the done ones", async () => {
    stack.sim.setFaults([{ method: "PUT", pathGlob: PUTS, delayMs: 60 }]);
    const p = await plan("CANCEL", { principal: { type: "group", slug: "developers" }, permission: "admin", scope: "repositories" });
    const jobId = await apply(p.id);
    await new Promise((resolve) => setTimeout(resolve, 150));

    const answer = (await stack.owner.post(`/api/jobs/${jobId}/cancel`).expect(200)).body as Job;
    expect(answer.id).toBe(jobId);
    const job = await stack.waitForJob(jobId);

    expect(job.state).toBe("cancelled");
    expect(job.cancelled).toBeGreaterThan(0);
    expect(job.done + job.cancelled).toBe(40);
    const bitbucket = simGrants(stack.sim, "acme");
    for (const item of job.items) {
      const held = bitbucket.repository(item.repository?.slug ?? "")["group:developers"];
      expect(held).toBe(item.state === "done" ? "admin" : undefined);
    }
    await stack.owner.post(`/api/jobs/${jobId}/undo`).expect(202);
  });

  test("When a job is undone, and the undo undone, then Bitbucket returns to before and then to after", async () => {
    const carol = `user:${uuidOf("carol")}`;
    const before = simGrants(stack.sim, "acme");
    const original = Object.fromEntries(before.repositories("UNDO").map((slug) => [slug, before.repository(slug)[carol]]));
    const p = await plan("UNDO", { principal: { type: "user", id: uuidOf("carol") }, permission: "write", scope: "both" });
    expect(p.summary).toEqual({ grant: 4, change: 2, revoke: 0, noop: 0 });
    const applied = await stack.waitForJob(await apply(p.id));
    expect(applied.state).toBe("succeeded");
    expect(simGrants(stack.sim, "acme").project("UNDO")[carol]).toBe("write");

    const undoId = ((await stack.owner.post(`/api/jobs/${applied.id}/undo`).expect(202)).body as JobStarted).jobId;
    expect(await stack.waitForJob(undoId)).toMatchObject({ kind: "undo", state: "succeeded", done: 6 });
    const undone = simGrants(stack.sim, "acme");
    expect(undone.project("UNDO")[carol]).toBeUndefined();
    for (const slug of undone.repositories("UNDO")) expect(undone.repository(slug)[carol]).toBe(original[slug]);

    const redoId = ((await stack.owner.post(`/api/jobs/${undoId}/undo`).expect(202)).body as JobStarted).jobId;
    expect(await stack.waitForJob(redoId)).toMatchObject({ kind: "undo", state: "succeeded", done: 6 });
    const redone = simGrants(stack.sim, "acme");
    expect(redone.project("UNDO")[carol]).toBe("write");
    for (const slug of redone.repositories("UNDO")) expect(redone.repository(slug)[carol]).toBe("write");

    const access = (await stack.owner.get(`/api/projects/UNDO/access?principal=user:${uuidOf("carol")}`).expect(200)).body as { detail: { level: string }[] };
    expect(access.detail.every((d) => d.level === "write")).toBe(true);
  });
});
