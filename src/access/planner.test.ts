import { buildPlan } from "./planner";
import type { PlanRequest } from "./plan-request";
import { aGroup, aSnapshot, aUser, accountIdOf, repoUuid } from "./test-builders";

const ann = aUser("ann");
const options = { callsPerHour: 900, concurrency: 2, latencyMs: 100 };
const forAnn = (permission: PlanRequest["permission"], scope: PlanRequest["scope"], extra: Partial<PlanRequest> = {}): PlanRequest => ({
  principal: { type: "user", id: ann.uuid },
  permission,
  scope,
  ...extra,
});

/** Ann: write on the project; explicit none / read / write / admin on repos a, b, c, d. */
const mixed = aSnapshot()
  .withRepo("a")
  .withRepo("b")
  .withRepo("c")
  .withRepo("d")
  .withMembers("ann")
  .withProjectGrant(ann, "write")
  .withRepoGrant("b", ann, "read")
  .withRepoGrant("c", ann, "write")
  .withRepoGrant("d", ann, "admin")
  .build();

describe("planner: every scope and level", () => {
  const matrix: { scope: PlanRequest["scope"]; permission: PlanRequest["permission"]; grant: number; change: number; revoke: number; noop: number }[] = [
    { scope: "project", permission: "read", grant: 0, change: 1, revoke: 0, noop: 0 },
    { scope: "project", permission: "write", grant: 0, change: 0, revoke: 0, noop: 1 },
    { scope: "project", permission: "create-repo", grant: 0, change: 1, revoke: 0, noop: 0 },
    { scope: "project", permission: "admin", grant: 0, change: 1, revoke: 0, noop: 0 },
    { scope: "project", permission: "none", grant: 0, change: 0, revoke: 1, noop: 0 },
    { scope: "repositories", permission: "read", grant: 1, change: 2, revoke: 0, noop: 1 },
    { scope: "repositories", permission: "write", grant: 1, change: 2, revoke: 0, noop: 1 },
    { scope: "repositories", permission: "admin", grant: 1, change: 2, revoke: 0, noop: 1 },
    { scope: "repositories", permission: "none", grant: 0, change: 0, revoke: 3, noop: 1 },
    { scope: "both", permission: "read", grant: 1, change: 3, revoke: 0, noop: 1 },
    { scope: "both", permission: "write", grant: 1, change: 2, revoke: 0, noop: 2 },
    { scope: "both", permission: "admin", grant: 1, change: 3, revoke: 0, noop: 1 },
    { scope: "both", permission: "none", grant: 0, change: 0, revoke: 4, noop: 1 },
  ];
  test.each(matrix)("When $permission is planned with scope $scope, then it grants $grant, changes $change, revokes $revoke and counts $noop noop", ({ scope, permission, grant, change, revoke, noop }) => {
    const plan = buildPlan(mixed, forAnn(permission, scope), options);
    expect(plan.summary).toEqual({ grant, change, revoke, noop });
    expect(plan.items).toHaveLength(grant + change + revoke);
    expect(plan.estimate.apiCalls).toBe(plan.items.length);
    for (const item of plan.items) {
      expect(item.after).toBe(permission);
      expect(item.before).not.toBe(item.after);
    }
  });

  test("When the project is in scope, then its item comes first with repository null", () => {
    const plan = buildPlan(mixed, forAnn("admin", "both"), options);
    expect(plan.items[0]).toEqual({ target: "project", repository: null, before: "write", after: "admin", action: "change" });
    expect(plan.items.slice(1).map((item) => item.repository?.slug)).toEqual(["a", "b", "c"]);
  });

  test("When a repository changes, then its item carries slug, uuid, before, after and action", () => {
    const plan = buildPlan(mixed, forAnn("read", "repositories"), options);
    expect(plan.items).toEqual([
      { target: "repository", repository: { slug: "a", uuid: repoUuid("a") }, before: "none", after: "read", action: "grant" },
      { target: "repository", repository: { slug: "c", uuid: repoUuid("c") }, before: "write", after: "read", action: "change" },
      { target: "repository", repository: { slug: "d", uuid: repoUuid("d") }, before: "admin", after: "read", action: "change" },
    ]);
  });

  test("When none is planned on repositories without explicit grants, then there is no item, only noops", () => {
    const plan = buildPlan(aSnapshot().withRepos(5).withMembers("ann").build(), forAnn("none", "repositories"), options);
    expect(plan.items).toEqual([]);
    expect(plan.summary).toEqual({ grant: 0, change: 0, revoke: 0, noop: 5 });
    expect(plan.estimate).toEqual({ apiCalls: 0, seconds: 0 });
  });

  test("When patterns narrow the repositories, then only matching ones are planned and counted", () => {
    const plan = buildPlan(mixed, forAnn("admin", "repositories", { repositories: { include: ["[a-c]"], exclude: ["b"] } }), options);
    expect(plan.matchedRepositories).toBe(2);
    expect(plan.items.map((item) => item.repository?.slug)).toEqual(["a", "c"]);
    expect(plan.summary.noop).toBe(0);
  });

  test("When a group is planned, then its grants are diffed by slug", () => {
    const developers = aGroup("developers");
    const snapshot = aSnapshot().withRepos(2).withGroup("developers").withRepoGrant("repo-0", developers, "write").build();
    const plan = buildPlan(snapshot, { principal: { type: "group", slug: "developers" }, permission: "write", scope: "repositories" }, options);
    expect(plan.principal).toEqual({ type: "group", slug: "developers", name: "developers" });
    expect(plan.summary).toEqual({ grant: 1, change: 0, revoke: 0, noop: 1 });
  });

  test("When a user is named by account id or an upper-case uuid, then the plan keys them by their {uuid}", () => {
    const byAccount = buildPlan(mixed, { principal: { type: "user", id: accountIdOf("ann") }, permission: "write", scope: "project" }, options);
    const byUpper = buildPlan(mixed, { principal: { type: "user", id: ann.uuid.toUpperCase() }, permission: "write", scope: "project" }, options);
    for (const plan of [byAccount, byUpper]) {
      expect(plan.principal).toEqual({ type: "user", uuid: ann.uuid, name: "ann" });
      expect(plan.summary.noop).toBe(1);
    }
  });

  test("When the request is echoed, then the plan carries project key, patterns, rule flag and snapshot time", () => {
    const plan = buildPlan(mixed, forAnn("read", "repositories", { repositories: { include: ["a"] }, alsoForNewRepositories: true }), options);
    expect(plan).toMatchObject({ projectKey: "PROJ", permission: "read", scope: "repositories", repositories: { include: ["a"] }, alsoForNewRepositories: true, snapshotAsOfMs: mixed.asOfMs });
  });

  test("When a project has 5,000 repositories and many principals, then a plan is built and covers them all", () => {
    const builder = aSnapshot().withRepos(5000).withMembers("ann");
    for (let i = 0; i < 40; i += 1) builder.withGroup(`group-${i}`, ["ann"]).withProjectGrant(aGroup(`group-${i}`), "read");
    for (let i = 0; i < 5000; i += 3) builder.withRepoGrant(`repo-${i}`, ann, "read").withRepoGrant(`repo-${i}`, aGroup(`group-${i % 40}`), "admin");
    const plan = buildPlan(builder.build(), forAnn("write", "repositories"), options);
    expect(plan.summary.grant + plan.summary.change).toBe(5000);
  });
});
