import {
  getCurrentUser,
  getMember,
  getProject,
  getProjectGroupPermission,
  getProjectUserPermission,
  getRepository,
  getRepositoryGroupPermission,
  getRepositoryUserPermission,
  getUser,
  listEffectiveRepositoryPermissions,
  listGroupsV1,
  listMembers,
  listProjectGroupPermissions,
  listProjectRepositories,
  listProjectUserPermissions,
  listProjects,
  listRepositoryGroupPermissions,
  listRepositoryUserPermissions,
  listWorkspaceMemberships,
  NotFound,
  type BitbucketApi,
} from "../../src/bitbucket";
import { jwt, ownerToken, reseed, startContract, WS, type Contract } from "./harness";

let contract: Contract;
beforeAll(async () => {
  contract = await startContract();
});
afterAll(async () => {
  await contract.sim.close();
});
beforeEach(() => {
  reseed(contract.sim);
});

const credentials = [
  ["the installation JWT", jwt],
  ["the owner's API token", ownerToken],
] as const;

describe.each(credentials)("Reads against the simulator as %s", (_name, credential) => {
  let api: BitbucketApi;
  beforeEach(() => {
    api = contract.client({ throttle: false }).as(credential);
  });

  test("When projects are listed, then every project comes back and one can be read by key", async () => {
    const projects = await listProjects(api, WS);
    expect(projects.map((p) => p.key).sort()).toEqual(["BIG", "OTHER", "PROJ"]);
    await expect(getProject(api, WS, "PROJ")).resolves.toMatchObject({ type: "project", key: "PROJ" });
    await expect(getProject(api, WS, "NOPE")).rejects.toBeInstanceOf(NotFound);
  });

  test("When a project's repositories are listed, then all of them come back across pages with the reduced fields", async () => {
    const small = await listProjectRepositories(api, WS, "PROJ");
    expect(small.map((r) => r.slug)).toEqual(expect.arrayContaining(["proj-repo-001", "proj-repo-002", "proj-repo-003"]));
    expect(small).toHaveLength(3);
    expect(small[0]).toMatchObject({ type: "repository", project: { key: "PROJ" } });
    expect(small[0]!.uuid).toMatch(/^\{[0-9a-f-]{36}\}$/);
    const big = await listProjectRepositories(api, WS, "BIG");
    expect(big).toHaveLength(230);
    expect(new Set(big.map((r) => r.uuid)).size).toBe(230);
  });

  test("When a repository is read by slug or by {uuid}, then the same repository comes back", async () => {
    const bySlug = await getRepository(api, WS, "proj-repo-001");
    await expect(getRepository(api, WS, bySlug.uuid)).resolves.toMatchObject({ uuid: bySlug.uuid, slug: "proj-repo-001" });
    await expect(getRepository(api, WS, "no-such-repo")).rejects.toBeInstanceOf(NotFound);
  });

  test("When explicit repository grants are read, then users and groups come back as listed and one by one", async () => {
    const users = await listRepositoryUserPermissions(api, WS, "proj-repo-001");
    expect(users.map((g) => [g.user.uuid, g.permission])).toEqual([[contract.uuid("alice"), "write"]]);
    const alice = users[0]!.user;
    await expect(getRepositoryUserPermission(api, WS, "proj-repo-001", alice.uuid)).resolves.toMatchObject({ permission: "write" });
    await expect(getRepositoryUserPermission(api, WS, "proj-repo-001", alice.account_id!)).resolves.toMatchObject({
      user: { uuid: alice.uuid },
    });
    const groups = await listRepositoryGroupPermissions(api, WS, "proj-repo-001");
    expect(groups.map((g) => [g.group.slug, g.permission])).toEqual([["developers", "read"]]);
    await expect(getRepositoryGroupPermission(api, WS, "proj-repo-001", "developers")).resolves.toMatchObject({ permission: "read" });
    await expect(getRepositoryUserPermission(api, WS, "proj-repo-002", alice.uuid)).rejects.toBeInstanceOf(NotFound);
  });

  test("When explicit project grants are read, then users and groups come back as listed and one by one", async () => {
    const users = await listProjectUserPermissions(api, WS, "PROJ");
    expect(users.map((g) => [g.user.uuid, g.permission])).toEqual([[contract.uuid("bob"), "read"]]);
    await expect(getProjectUserPermission(api, WS, "PROJ", contract.uuid("bob"))).resolves.toMatchObject({ type: "project_user_permission" });
    const groups = await listProjectGroupPermissions(api, WS, "PROJ");
    expect(groups.map((g) => [g.group.slug, g.permission])).toEqual([["developers", "write"]]);
    await expect(getProjectGroupPermission(api, WS, "PROJ", "developers")).resolves.toMatchObject({ permission: "write" });
  });

  test("When members are read, then a member is found and an outsider is undefined", async () => {
    const members = await listMembers(api, WS);
    expect(members.map((m) => m.user.uuid).sort()).toEqual([contract.uuid("alice"), contract.uuid("bob"), contract.uuid("olivia")].sort());
    await expect(getMember(api, WS, contract.uuid("alice"))).resolves.toMatchObject({ user: { uuid: contract.uuid("alice") } });
    await expect(getMember(api, WS, contract.uuid("zed"))).resolves.toBeUndefined();
  });

  test("When a user is read by {uuid}, then the user comes back", async () => {
    await expect(getUser(api, contract.uuid("bob"))).resolves.toMatchObject({ uuid: contract.uuid("bob") });
  });

  test("When the 1.0 groups are read by workspace slug, then a bare array of groups comes back", async () => {
    const groups = await listGroupsV1(api, WS);
    expect(groups.map((g) => g.slug).sort()).toEqual(["admins", "developers"]);
  });
});

describe("Workspace-level reads against the simulator as the owner's API token", () => {
  test("When the owners are listed with q, then only the owner comes back", async () => {
    const api = contract.client().as(ownerToken);
    const owners = await listWorkspaceMemberships(api, WS, { q: 'permission="owner"' });
    expect(owners.map((m) => [m.user.uuid, m.permission])).toEqual([[contract.uuid("olivia"), "owner"]]);
    expect((await listWorkspaceMemberships(api, WS)).length).toBe(3);
  });

  test("When effective repository permissions are read, then inherited project grants show up per user", async () => {
    const api = contract.client().as(ownerToken);
    const rows = await listEffectiveRepositoryPermissions(api, WS, { repoSlug: "proj-repo-002" });
    const byUser = new Map(rows.map((r) => [r.user.uuid, r.permission]));
    expect(byUser.get(contract.uuid("bob"))).toBe("read");
    expect(byUser.get(contract.uuid("alice"))).toBe("write");
    const all = await listEffectiveRepositoryPermissions(api, WS);
    expect(all.some((r) => r.repository.name === "proj-repo-001")).toBe(true);
  });

  test("When the current user is read with an API token, then it is the token's owner", async () => {
    await expect(getCurrentUser(contract.client().as(ownerToken))).resolves.toMatchObject({ uuid: contract.uuid("olivia") });
  });
});
