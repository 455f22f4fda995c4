// Database-backed through ./stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type {
  AuditResponse, CredentialStatus, JobStarted, JobsResponse, Plan, PrincipalAccessResponse, PrincipalsResponse, ProjectAccessResponse, ProjectsResponse,
} from "../../src/shared/api-contract";
import { OWNER_TOKEN, startStack, type Seed, type Stack, errorOf } from "./stack";

const EVIL = "=HYPERLINK(\"http://evil.example\")";

const seed: Seed = (ws) => ws.withUser("mallory", { display_name: EVIL }).withGroup("developers", { name: "Developers", members: ["alice"] })
  .withProject("PROJ", { repos: 3 }).withProject("OTHER", { repos: 1 })
  .withProjectGrant("PROJ", { group: "developers" }, "write").withRepoGrant("proj-repo-001", { user: "alice" }, "admin")
  .withApiToken("alice", "alice-token");

describe("The REST API", () => {
  let stack: Stack;
  let applied: { planId: string; jobId: string };
  beforeAll(async () => {
    stack = await startStack({ seed, second: true });
    const plan = (await stack.owner.post("/api/projects/PROJ/plans", {
      principal: { type: "user", id: stack.acme.uuidOf("mallory") }, permission: "read", scope: "repositories",
    }).expect(201)).body as Plan;
    const { jobId } = (await stack.owner.post(`/api/plans/${plan.id}/apply`).expect(202)).body as JobStarted;
    await stack.waitForJob(jobId);
    applied = { planId: plan.id, jobId };
  });
  afterAll(async () => { await stack.close(); });

  test("When the projects are listed, then every project of the workspace is there", async () => {
    const body = (await stack.owner.get("/api/projects").expect(200)).body as ProjectsResponse;
    expect(body.values.map((p) => p.key)).toEqual(["OTHER", "PROJ"]);
    expect(body.values[0]).toEqual({ key: "OTHER", name: "Project OTHER", uuid: expect.stringMatching(/^\{/) as unknown });
  });

  test("When a project's access is read, then each principal has its project grant, repository counts and highest level", async () => {
    const body = (await stack.owner.get("/api/projects/PROJ/access").expect(200)).body as ProjectAccessResponse;
    expect(body.project.key).toBe("PROJ");
    expect(body.repositories.map((r) => r.slug)).toEqual(["proj-repo-001", "proj-repo-002", "proj-repo-003"]);
    const developers = body.principals.find((p) => p.principal.type === "group" && p.principal.slug === "developers");
    expect(developers).toMatchObject({ projectPermission: "write", highestLevel: "write", workspaceAdmin: false });
    const alice = body.principals.find((p) => p.principal.type === "user" && p.principal.id === stack.acme.memberUuid);
    expect(alice).toMatchObject({ projectPermission: "none", repositories: { read: 0, write: 0, admin: 1 }, highestLevel: "admin" });
    const mallory = body.principals.find((p) => p.principal.type === "user" && p.principal.id === stack.acme.uuidOf("mallory"));
    expect(mallory?.repositories).toEqual({ read: 3, write: 0, admin: 0 });
    expect(Date.parse(body.asOf)).not.toBeNaN();
  });

  test("When one principal's access is asked for, then each repository says its level and why", async () => {
    const body = (await stack.owner.get(`/api/projects/PROJ/access?principal=user:${stack.acme.memberUuid}`).expect(200)).body as PrincipalAccessResponse;
    expect(body.principals).toHaveLength(1);
    const first = body.detail.find((d) => d.repository.slug === "proj-repo-001");
    expect(first?.level).toBe("admin");
    expect(first?.sources).toEqual(expect.arrayContaining([
      { kind: "repository-grant", level: "admin" },
      { kind: "project-grant", level: "write", group: { slug: "developers", name: "Developers" } },
    ]));
    expect(body.detail.find((d) => d.repository.slug === "proj-repo-002")?.level).toBe("write");
    await stack.owner.get("/api/projects/PROJ/access?principal=nobody").expect(400);
  });

  test("When access is refreshed, then Bitbucket is read again", async () => {
    // The admin check reads the caller's role every time (no cache in these tests); snapshot reads list repositories.
    const snapshotReads = () => stack.sim.requests().filter((r) => r.path.startsWith("/2.0/repositories/"));
    stack.sim.clearRequests();
    await stack.owner.get("/api/projects/PROJ/access").expect(200);
    expect(snapshotReads()).toHaveLength(0);
    await stack.owner.get("/api/projects/PROJ/access?refresh=true").expect(200);
    expect(snapshotReads().length).toBeGreaterThan(3);
  });

  test("When the picker searches, then matching members and groups come back", async () => {
    const body = (await stack.owner.get("/api/principals?query=dev").expect(200)).body as PrincipalsResponse;
    expect(body.values).toEqual([{ type: "group", slug: "developers", name: "Developers" }]);
    const users = (await stack.owner.get("/api/principals?query=ali").expect(200)).body as PrincipalsResponse;
    expect(users.values).toEqual([{ type: "user", id: stack.acme.memberUuid, name: "Alice" }]);
  });

  test("When the audit log is read as JSON, then every attempted change is there with actor, target and result", async () => {
    const body = (await stack.owner.get(`/api/audit?project=PROJ&principal=user:${stack.acme.uuidOf("mallory")}`).expect(200)).body as AuditResponse;
    expect(body.values).toHaveLength(3);
    expect(body.values[0]).toMatchObject({
      actor: { id: stack.acme.ownerUuid }, workspace: "acme", projectKey: "PROJ", target: "repository", before: "none", after: "read",
      jobId: applied.jobId, result: "done", principal: { type: "user", id: stack.acme.uuidOf("mallory"), name: EVIL },
    });
    const future = (await stack.owner.get(`/api/audit?since=${new Date(Date.now() + 60_000).toISOString()}`).expect(200)).body as AuditResponse;
    expect(future.values).toEqual([]);
    await stack.owner.get("/api/audit?since=yesterday").expect(400);
  });

  test("When the audit log is downloaded as CSV, then it is an attachment whose formula-like cells are neutralised", async () => {
    const res = await stack.owner.get("/api/audit?project=PROJ&format=csv").expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="audit-PROJ-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = res.text.trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(res.text).not.toMatch(/,=HYPERLINK/);
  });

  test("When another workspace uses this workspace's ids, then every one answers 404", async () => {
    const globex = stack.globex;
    if (!globex) throw new Error("no second workspace");
    const other = await stack.as(globex, globex.ownerUuid);
    for (const path of [`/api/jobs/${applied.jobId}`]) await other.get(path).expect(404);
    for (const path of [`/api/plans/${applied.planId}/apply`, `/api/jobs/${applied.jobId}/cancel`, `/api/jobs/${applied.jobId}/retry`, `/api/jobs/${applied.jobId}/undo`]) {
      const res = await other.post(path).expect(404);
      expect(errorOf(res).code).toBe("NOT_FOUND");
    }
    expect(((await other.get("/api/jobs").expect(200)).body as JobsResponse).values).toEqual([]);
    expect(((await other.get("/api/audit").expect(200)).body as AuditResponse).values).toEqual([]);
    await other.get("/api/projects/PROJ/access").expect(404);
  });

  test("When a member who administers nothing calls the API, then every route answers 403", async () => {
    const member = await stack.as(stack.acme, stack.acme.memberUuid);
    const calls = [
      member.get("/api/projects"), member.get("/api/projects/PROJ/access"), member.post("/api/projects/PROJ/plans", {}),
      member.get(`/api/jobs/${applied.jobId}`), member.post(`/api/jobs/${applied.jobId}/undo`), member.get("/api/audit"),
      member.get("/api/settings/credential"), member.put("/api/settings/credential", { email: "a@b.c", apiToken: "x" }),
    ];
    for (const call of calls) expect(errorOf(await call.expect(403)).code).toBe("NOT_AN_ADMIN");
  });

  test("When the jobs are listed, then the newest comes first with what it was about", async () => {
    const body = (await stack.owner.get("/api/jobs?project=PROJ").expect(200)).body as JobsResponse;
    expect(body.values[0]).toMatchObject({ id: applied.jobId, kind: "apply", state: "succeeded", permission: "read", sourceJobId: null });
    const failedOnly = (await stack.owner.get(`/api/jobs/${applied.jobId}?items=failed`).expect(200)).body as { items: unknown[] };
    expect(failedOnly.items).toEqual([]);
    await stack.owner.get(`/api/jobs/${applied.jobId}?items=some`).expect(400);
  });

  test("When the credential is read, replaced with bad ones and removed, then the token is never shown and Bitbucket's reason is", async () => {
    const status = (await stack.owner.get("/api/settings/credential").expect(200)).body as CredentialStatus;
    expect(status).toMatchObject({ configured: true, account: { email: stack.acme.ownerEmail, displayName: "Olivia", uuid: stack.acme.ownerUuid, administersWorkspace: true } });
    expect(JSON.stringify(status)).not.toContain(OWNER_TOKEN);

    const wrong = await stack.owner.put("/api/settings/credential", { email: stack.acme.ownerEmail, apiToken: "wrong" }).expect(400);
    expect(errorOf(wrong).code).toBe("CREDENTIAL_REJECTED");
    const notAdmin = await stack.owner.put("/api/settings/credential", { email: "alice@acme.example", apiToken: "alice-token" }).expect(403);
    expect(errorOf(notAdmin).code).toBe("CREDENTIAL_NOT_ADMIN");
    await stack.owner.put("/api/settings/credential", { email: "not-an-email", apiToken: "" }).expect(400);
    expect(((await stack.owner.get("/api/settings/credential").expect(200)).body as CredentialStatus).configured).toBe(true);

    await stack.owner.delete("/api/settings/credential").expect(204);
    expect((await stack.owner.get("/api/settings/credential").expect(200)).body).toEqual({ configured: false });
    await stack.owner.post(`/api/jobs/${applied.jobId}/undo`).expect(409);
    await stack.owner.put("/api/settings/credential", { email: stack.acme.ownerEmail, apiToken: OWNER_TOKEN }).expect(204);
  });
});
