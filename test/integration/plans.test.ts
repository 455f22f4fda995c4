// Database-backed through ./stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import type { Plan } from "../../src/shared/api-contract";
import { startStack, type Seed, type Stack, errorOf } from "./stack";

/** MATRIX: 3 repositories, alice has nothing; WARN: alice is project admin; BIG: 12 repositories for the fan-out warning. */
const seed: Seed = (ws) => ws.withOutsider("zed").withGroup("developers")
  .withProject("MATRIX", { repos: 3 }).withProject("WARN", { repos: 2 }).withProject("BIG", { repos: 12 })
  .withProjectGrant("WARN", { user: "alice" }, "admin");

const LEVELS = ["read", "write", "create-repo", "admin", "none"] as const;
const SCOPES = ["project", "repositories", "both"] as const;
const cases = SCOPES.flatMap((scope) => LEVELS.filter((l) => l !== "create-repo" || scope === "project").map((level) => [scope, level] as const));

describe("Plans", () => {
  let stack: Stack;
  beforeAll(async () => { stack = await startStack({ seed, worker: false }); });
  afterAll(async () => { await stack.close(); });

  const plan = (projectKey: string, body: object) => stack.owner.post(`/api/projects/${projectKey}/plans`, body);
  const alice = () => ({ type: "user", id: stack.acme.memberUuid });

  test.each(cases)("When a user gets %s scope at level %s, then the plan has one item per changed target and counts the rest", async (scope, level) => {
    const p = (await plan("MATRIX", { principal: alice(), permission: level, scope }).expect(201)).body as Plan;
    const targets = scope === "project" ? 1 : scope === "repositories" ? 3 : 4;
    expect(p).toMatchObject({ projectKey: "MATRIX", permission: level, scope, alsoForNewRepositories: false });
    expect(p.principal).toMatchObject({ type: "user", id: stack.acme.memberUuid, name: "Alice" });
    if (level === "none") {
      expect(p.items).toEqual([]);
      expect(p.summary).toEqual({ grant: 0, change: 0, revoke: 0, noop: targets });
      expect(p.estimate).toEqual({ apiCalls: 0, seconds: 0 });
    } else {
      expect(p.items).toHaveLength(targets);
      expect(p.items.every((i) => i.before === "none" && i.after === level && i.action === "grant")).toBe(true);
      expect(p.summary.grant).toBe(targets);
      expect(p.estimate.apiCalls).toBe(targets);
    }
    expect(p.items.filter((i) => i.target === "project").every((i) => i.repository === null)).toBe(true);
  });

  test("When the write credential has its whole window, then the estimate is the round trips, not the steady hourly rate", async () => {
    // 12 grants at 900 calls per hour would take 48 s at the steady rate; with the window free they start at once and only
    // the round trips count (12 × 300 ms, 4 at a time under the stack's write throttle: 1 s).
    const p = (await plan("BIG", { principal: alice(), permission: "read", scope: "repositories" }).expect(201)).body as Plan;
    expect(p.estimate).toEqual({ apiCalls: 12, seconds: 1 });
  });

  test("When a plan would lower access below a grant that stays, then it warns that the lower level will not take effect", async () => {
    const p = (await plan("WARN", { principal: alice(), permission: "read", scope: "repositories" }).expect(201)).body as Plan;
    expect(p.warnings.map((w) => w.code)).toContain("LOWER_LEVEL_NO_EFFECT");
  });

  test("When a plan names the owner, a non-member or an unknown group, then it says so", async () => {
    const owner = (await plan("MATRIX", { principal: { type: "user", id: stack.acme.ownerUuid }, permission: "write", scope: "project" }).expect(201)).body as Plan;
    expect(owner.warnings.map((w) => w.code)).toContain("WORKSPACE_OWNER");
    const outsider = (await plan("MATRIX", { principal: { type: "user", id: stack.acme.uuidOf("zed") }, permission: "write", scope: "project" }).expect(201)).body as Plan;
    expect(outsider.warnings.map((w) => w.code)).toContain("NOT_A_MEMBER");
    const group = (await plan("MATRIX", { principal: { type: "group", slug: "nobody-here" }, permission: "write", scope: "project" }).expect(201)).body as Plan;
    expect(group.warnings.map((w) => w.code)).toContain("UNKNOWN_GROUP");
  });

  test("When many repository grants would do what one project grant does, then the plan suggests the project grant", async () => {
    const p = (await plan("BIG", { principal: { type: "group", slug: "developers" }, permission: "write", scope: "repositories" }).expect(201)).body as Plan;
    expect(p.warnings.map((w) => w.code)).toContain("USE_PROJECT_GRANT");
    expect(p.warnings.every((w) => w.message.length > 0)).toBe(true);
  });

  test("When patterns narrow the repositories, then only matching ones are planned and the patterns are echoed", async () => {
    const body = { principal: alice(), permission: "write", scope: "repositories", repositories: { include: ["big-repo-00*"], exclude: ["big-repo-001"] } };
    const p = (await plan("BIG", body).expect(201)).body as Plan;
    expect(p.items.map((i) => i.repository?.slug)).toEqual(Array.from({ length: 8 }, (_, i) => `big-repo-00${i + 2}`));
    expect(p.repositories).toEqual(body.repositories);
  });

  test("When the request is malformed, then the answer is 400 with every bad field", async () => {
    const res = await plan("MATRIX", { principal: { type: "user", id: "not an id" }, permission: "owner", scope: "everything" }).expect(400);
    expect(errorOf(res).code).toBe("VALIDATION_FAILED");
    const paths = (errorOf(res).details as { fields: { path: string }[] }).fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["principal.id", "permission", "scope"]));
    const createRepo = await plan("MATRIX", { principal: alice(), permission: "create-repo", scope: "repositories" }).expect(400);
    expect((errorOf(createRepo).details as { fields: { path: string }[] }).fields[0]?.path).toBe("permission");
  });

  test("When the project does not exist, then the answer is 404", async () => {
    const res = await plan("NOPE", { principal: alice(), permission: "write", scope: "project" }).expect(404);
    expect(errorOf(res).code).toBe("NOT_FOUND");
  });

  test("When no write credential is saved, then plans still work and applying answers 409 CREDENTIAL_REQUIRED", async () => {
    await stack.owner.delete("/api/settings/credential").expect(204);
    const p = (await plan("MATRIX", { principal: alice(), permission: "read", scope: "project" }).expect(201)).body as Plan;
    const res = await stack.owner.post(`/api/plans/${p.id}/apply`).expect(409);
    expect(errorOf(res).code).toBe("CREDENTIAL_REQUIRED");
  });
});
