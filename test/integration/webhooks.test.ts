// Database-backed through ./stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { JobsResponse, Plan, ProjectAccessResponse } from "../../src/shared/api-contract";
import { simGrants } from "./sim-state";
import { startStack, type Seed, type Stack } from "./stack";

const seed: Seed = (ws) => ws.withGroup("developers").withProject("RULES", { repos: 2 }).withProject("DEST", { repos: 1 });

describe("Repository webhooks", () => {
  let stack: Stack;
  beforeAll(async () => { stack = await startStack({ seed }); });
  afterAll(async () => { await stack.close(); });

  const simEvent = async (body: object): Promise<void> => {
    const res = await fetch(`${stack.sim.url}/__sim/events`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect(res.ok).toBe(true);
    await stack.webhooksDelivered();
  };
  const slugsOf = async (key: string) =>
    ((await stack.owner.get(`/api/projects/${key}/access`).expect(200)).body as ProjectAccessResponse).repositories.map((r) => r.slug);

  test("When a repository is created in a project with a saved rule, then a rule job gives it the grant and the snapshot lists it", async () => {
    const plan = (await stack.owner.post("/api/projects/RULES/plans", {
      principal: { type: "group", slug: "developers" }, permission: "write", scope: "repositories", alsoForNewRepositories: true,
    }).expect(201)).body as Plan;
    const { jobId } = (await stack.owner.post(`/api/plans/${plan.id}/apply`).expect(202)).body as { jobId: string };
    await stack.waitForJob(jobId);

    await simEvent({ type: "create", workspace: "acme", project: "RULES", name: "fresh-repo" });

    const jobs = (await stack.owner.get("/api/jobs?project=RULES").expect(200)).body as JobsResponse;
    const rule = jobs.values.find((j) => j.kind === "rule");
    expect(rule).toMatchObject({ total: 1, permission: "write", principal: { type: "group", slug: "developers" } });
    expect(await stack.waitForJob(rule?.id ?? "")).toMatchObject({ state: "succeeded", done: 1 });
    expect(simGrants(stack.sim, "acme").repository("fresh-repo")["group:developers"]).toBe("write");
    expect(await slugsOf("RULES")).toContain("fresh-repo");
  });

  test("When a rule's repository:created is delivered twice, then only one rule job exists", async () => {
    await simEvent({ type: "create", workspace: "acme", project: "RULES", name: "twice-repo" });
    const ws = stack.sim.state.findWorkspace("acme");
    const repo = ws && stack.sim.state.findRepository(ws, "twice-repo");
    await stack.engine.webhooks.handle({ event: "repo:created", clientKey: stack.acme.clientKey, repository: { uuid: repo?.uuid ?? "", slug: "twice-repo", fullName: undefined, projectKey: "RULES" }, payload: {} });
    const jobs = (await stack.owner.get("/api/jobs?project=RULES").expect(200)).body as JobsResponse;
    expect(jobs.values.filter((j) => j.kind === "rule")).toHaveLength(2);
  });

  test("When a repository moves to another project, then it moves between the stored snapshots", async () => {
    expect(await slugsOf("DEST")).toEqual(["dest-repo-001"]);
    await simEvent({ type: "move", workspace: "acme", repo: "rules-repo-001", project: "DEST" });
    expect(await slugsOf("DEST")).toEqual(["dest-repo-001", "rules-repo-001"]);
    expect(await slugsOf("RULES")).not.toContain("rules-repo-001");
  });

  test("When a repository is deleted, then it leaves the stored snapshot", async () => {
    await simEvent({ type: "delete", workspace: "acme", repo: "rules-repo-002" });
    expect(await slugsOf("RULES")).not.toContain("rules-repo-002");
  });
});
