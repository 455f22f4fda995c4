import type { PlanWarningCode } from "./plan";
import { buildPlan } from "./planner";
import type { PlanRequest } from "./plan-request";
import type { AccessSnapshot } from "./snapshot";
import { aGroup, aSnapshot, aUser, accountIdOf } from "./test-builders";

const ann = aUser("ann");
const developers = aGroup("developers");
const options = { callsPerHour: 900, concurrency: 2, latencyMs: 100 };
const user = (id: string, permission: PlanRequest["permission"], scope: PlanRequest["scope"], extra: Partial<PlanRequest> = {}): PlanRequest => ({ principal: { type: "user", id }, permission, scope, ...extra });
const group = (slug: string, permission: PlanRequest["permission"], scope: PlanRequest["scope"]): PlanRequest => ({ principal: { type: "group", slug }, permission, scope });
const warningsOf = (snapshot: AccessSnapshot, request: PlanRequest, planOptions = options) => buildPlan(snapshot, request, planOptions).warnings;
const codesOf = (snapshot: AccessSnapshot, request: PlanRequest, planOptions = options): PlanWarningCode[] => warningsOf(snapshot, request, planOptions).map((w) => w.code);
const only = (snapshot: AccessSnapshot, request: PlanRequest, code: PlanWarningCode) => {
  const found = warningsOf(snapshot, request).filter((w) => w.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe("plan warnings", () => {
  test("When nothing stands in the way, then there are no warnings", () => {
    expect(warningsOf(aSnapshot().withRepos(3).withMembers("ann").build(), user(ann.uuid, "write", "project"))).toEqual([]);
  });

  describe("LOWER_LEVEL_OVERRIDDEN", () => {
    test("When repository grants are lowered below the project grant, then it names the project grant and lists the repositories", () => {
      const snapshot = aSnapshot().withRepos(3).withMembers("ann").withProjectGrant(ann, "admin").build();
      const warning = only(snapshot, user(ann.uuid, "read", "repositories", { repositories: { include: ["repo-0", "repo-1"] } }), "LOWER_LEVEL_OVERRIDDEN");
      expect(warning.message).toMatch(/read will not take effect for ann on 2 repositories \(repo-0, repo-1\).*its project grant \(admin\)/);
      expect(warning.repositories?.map((r) => r.slug)).toEqual(["repo-0", "repo-1"]);
    });

    test("When a group the user belongs to grants more, then it names that group", () => {
      const snapshot = aSnapshot().withRepos(2).withGroup("developers", ["ann"]).withRepoGrant("repo-1", developers, "admin").build();
      const warning = only(snapshot, user(ann.uuid, "write", "both"), "LOWER_LEVEL_OVERRIDDEN");
      expect(warning.message).toMatch(/group developers \(admin on the repository\)/);
      expect(warning.repositories?.map((r) => r.slug)).toEqual(["repo-1"]);
    });

    test("When the project grant is lowered but explicit repository grants stay higher, then it names them", () => {
      const snapshot = aSnapshot().withRepos(3).withMembers("ann").withProjectGrant(ann, "admin").withRepoGrant("repo-2", ann, "admin").build();
      const warning = only(snapshot, user(ann.uuid, "read", "project"), "LOWER_LEVEL_OVERRIDDEN");
      expect(warning.message).toMatch(/its own repository grant \(admin\)/);
      expect(warning.repositories?.map((r) => r.slug)).toEqual(["repo-2"]);
    });

    test("When different repositories stay higher for different reasons, then there is one warning per reason", () => {
      const snapshot = aSnapshot().withRepos(3).withGroup("developers", ["ann"]).withRepoGrant("repo-0", developers, "admin").withRepoGrant("repo-1", ann, "write").build();
      const warnings = warningsOf(snapshot, user(ann.uuid, "read", "project")).filter((w) => w.code === "LOWER_LEVEL_OVERRIDDEN");
      expect(warnings.map((w) => w.repositories?.map((r) => r.slug))).toEqual([["repo-0"], ["repo-1"]]);
    });

    test("When the user is a workspace admin, then it names the workspace admin role", () => {
      const snapshot = aSnapshot().withRepos(1).withWorkspaceAdmin("olga").build();
      expect(only(snapshot, user(aUser("olga").uuid, "read", "project"), "LOWER_LEVEL_OVERRIDDEN").message).toMatch(/the workspace admin role/);
    });

    test("When a group's create-repo exceeds a write project grant and no repository shows it, then the project itself is named", () => {
      const snapshot = aSnapshot().withRepos(2).withGroup("developers", ["ann"]).withProjectGrant(developers, "create-repo").build();
      const warning = only(snapshot, user(ann.uuid, "write", "project"), "LOWER_LEVEL_OVERRIDDEN");
      expect(warning.message).toMatch(/on project PROJ: group developers \(create-repo on the project\)/);
      expect(warning.repositories).toBeUndefined();
    });

    test("When the requested level is the highest source, then there is no override warning", () => {
      const snapshot = aSnapshot().withRepos(2).withGroup("developers", ["ann"]).withProjectGrant(developers, "write").build();
      expect(codesOf(snapshot, user(ann.uuid, "write", "repositories"))).not.toContain("LOWER_LEVEL_OVERRIDDEN");
    });
  });

  describe("REVOKE_LEAVES_ACCESS", () => {
    test("When a user is removed from the project but a group still grants access, then the plan says so", () => {
      const snapshot = aSnapshot().withRepos(2).withGroup("developers", ["ann"]).withProjectGrant(ann, "write").withProjectGrant(developers, "read").build();
      const warning = only(snapshot, user(ann.uuid, "none", "both"), "REVOKE_LEAVES_ACCESS");
      expect(warning.message).toMatch(/ann keeps access to 2 repositories .* through group developers \(read on the project\)\. Group membership/);
    });

    test("When a project grant is revoked but explicit repository grants stay, then it suggests scope both", () => {
      const snapshot = aSnapshot().withRepos(2).withMembers("ann").withProjectGrant(ann, "write").withRepoGrant("repo-1", ann, "read").build();
      const warning = only(snapshot, user(ann.uuid, "none", "project"), "REVOKE_LEAVES_ACCESS");
      expect(warning.message).toMatch(/its own repository grant \(read\)\. Scope "both" also removes its repository grants/);
      expect(warning.repositories?.map((r) => r.slug)).toEqual(["repo-1"]);
    });

    test("When repository grants are revoked but the project grant stays, then it suggests scope both", () => {
      const snapshot = aSnapshot().withRepos(1).withMembers("ann").withProjectGrant(ann, "read").withRepoGrant("repo-0", ann, "write").build();
      expect(only(snapshot, user(ann.uuid, "none", "repositories"), "REVOKE_LEAVES_ACCESS").message).toMatch(/Scope "both" also removes its project grant/);
    });

    test("When a workspace admin is revoked, then it says workspace admins keep admin", () => {
      const snapshot = aSnapshot().withRepos(1).withWorkspaceAdmin("olga").withProjectGrant(aUser("olga"), "write").build();
      expect(only(snapshot, user(aUser("olga").uuid, "none", "project"), "REVOKE_LEAVES_ACCESS").message).toMatch(/Workspace admins have admin on every repository/);
    });

    test("When the project has no repositories but a group grants the project, then the revoke still says access remains", () => {
      const snapshot = aSnapshot().withGroup("developers", ["ann"]).withProjectGrant(ann, "write").withProjectGrant(developers, "admin").build();
      const warning = only(snapshot, user(ann.uuid, "none", "project"), "REVOKE_LEAVES_ACCESS");
      expect(warning.message).toMatch(/keeps access to project PROJ .* group developers \(admin on the project\)/);
    });

    test("When nothing else grants access, then a revoke has no such warning", () => {
      const snapshot = aSnapshot().withRepos(2).withMembers("ann").withProjectGrant(ann, "write").withRepoGrant("repo-1", ann, "read").build();
      expect(codesOf(snapshot, user(ann.uuid, "none", "both"))).toEqual([]);
    });
  });

  test("When the user is not a workspace member, then NOT_A_MEMBER says Bitbucket will answer 400", () => {
    const snapshot = aSnapshot().withRepos(1).withMembers("ann").build();
    const warning = only(snapshot, user(accountIdOf("stranger"), "write", "project"), "NOT_A_MEMBER");
    expect(warning.message).toMatch(/not a member of workspace acme.*\(400\)/);
  });

  test("When a non-member only loses stale grants, then there is no NOT_A_MEMBER warning (a DELETE is fine)", () => {
    const gone = aUser("gone");
    const snapshot = aSnapshot().withRepos(1).withMembers("ann").withRepoGrant("repo-0", gone, "write").build();
    expect(codesOf(snapshot, user(gone.uuid, "none", "repositories"))).toEqual([]);
  });

  test("When the user is a workspace owner, then WORKSPACE_OWNER says Bitbucket refuses grants for them", () => {
    const snapshot = aSnapshot().withRepos(1).withWorkspaceAdmin("olga").build();
    expect(only(snapshot, user(aUser("olga").uuid, "admin", "project"), "WORKSPACE_OWNER").message).toMatch(/refuses permission changes for the workspace owner/);
  });

  test("When the group slug is not in the workspace's groups, then UNKNOWN_GROUP says Bitbucket will answer 404", () => {
    const snapshot = aSnapshot().withRepos(1).withGroup("developers").build();
    expect(only(snapshot, group("devs", "read", "project"), "UNKNOWN_GROUP").message).toMatch(/no group with the slug "devs".*\(404\)/);
    expect(codesOf(snapshot, group("developers", "read", "project"))).toEqual([]);
  });

  test("When the groups could not be read, then a group plan gets GROUPS_UNVERIFIED instead of UNKNOWN_GROUP", () => {
    const snapshot = aSnapshot().withRepos(1).withGroupsUnavailable("1.0 groups answered 410").build();
    expect(codesOf(snapshot, group("devs", "read", "project"))).toEqual(["GROUPS_UNVERIFIED"]);
    expect(only(snapshot, group("devs", "read", "project"), "GROUPS_UNVERIFIED").message).toMatch(/1\.0 groups answered 410/);
  });

  test("When the groups could not be read, then a user plan says group access is not counted", () => {
    const snapshot = aSnapshot().withRepos(1).withMembers("ann").withGroupsUnavailable("HTTP 404").build();
    expect(codesOf(snapshot, user(ann.uuid, "none", "both"))).toEqual(["GROUP_MEMBERSHIP_UNKNOWN"]);
  });

  describe("PROJECT_GRANT_WOULD_DO", () => {
    test("When 10 or more repository grants cover every repository, then it suggests one project grant", () => {
      const snapshot = aSnapshot().withRepos(10).withMembers("ann").build();
      expect(only(snapshot, user(ann.uuid, "write", "repositories"), "PROJECT_GRANT_WOULD_DO").message).toMatch(/One project grant of write .* in 1 call/);
    });

    test("When fewer than 10 repository items, some repositories excluded, or a lowering, then it does not", () => {
      const snapshot = aSnapshot().withRepos(10).withMembers("ann").build();
      expect(codesOf(aSnapshot().withRepos(9).withMembers("ann").build(), user(ann.uuid, "write", "repositories"))).not.toContain("PROJECT_GRANT_WOULD_DO");
      expect(codesOf(snapshot, user(ann.uuid, "write", "repositories", { repositories: { exclude: ["repo-0"] } }))).not.toContain("PROJECT_GRANT_WOULD_DO");
      const lowering = aSnapshot().withRepos(10).withMembers("ann").withRepoGrant("repo-3", ann, "admin").build();
      expect(codesOf(lowering, user(ann.uuid, "write", "repositories"))).not.toContain("PROJECT_GRANT_WOULD_DO");
    });

    test("When scope both adds 10 or more repository grants, then it says the project grant alone would do", () => {
      const snapshot = aSnapshot().withRepos(12).withMembers("ann").build();
      expect(only(snapshot, user(ann.uuid, "read", "both"), "PROJECT_GRANT_WOULD_DO").message).toMatch(/project grant alone already gives ann read/);
    });
  });

  test("When create-repo is granted, then PROJECT_GRANT_CREATE_REPO explains it means write everywhere", () => {
    const snapshot = aSnapshot().withRepos(1).withMembers("ann").build();
    expect(only(snapshot, user(ann.uuid, "create-repo", "project"), "PROJECT_GRANT_CREATE_REPO").message).toMatch(/create repositories .* write on every repository/);
  });

  test("When the patterns match no repository, then NO_MATCHING_REPOSITORIES", () => {
    const snapshot = aSnapshot().withRepos(2).withMembers("ann").build();
    expect(codesOf(snapshot, user(ann.uuid, "write", "repositories", { repositories: { include: ["nothing-*"] } }))).toEqual(["NO_MATCHING_REPOSITORIES"]);
  });

  test("When the plan needs more calls than the hourly budget, then EXCEEDS_HOURLY_BUDGET", () => {
    const snapshot = aSnapshot().withRepos(20).withMembers("ann").withRepoGrantEverywhere(ann, "read").build();
    const request = user(ann.uuid, "none", "repositories");
    expect(codesOf(snapshot, request, { ...options, callsPerHour: 10 })).toContain("EXCEEDS_HOURLY_BUDGET");
    expect(codesOf(snapshot, request, { ...options, callsPerHour: 20 })).not.toContain("EXCEEDS_HOURLY_BUDGET");
  });
});
