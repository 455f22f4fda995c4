import {
  deleteProjectGroupPermission,
  deleteProjectUserPermission,
  deleteRepositoryGroupPermission,
  deleteRepositoryUserPermission,
  getProjectGroupPermission,
  getProjectUserPermission,
  getRepositoryGroupPermission,
  getRepositoryUserPermission,
  listProjectUserPermissions,
  listRepositoryGroupPermissions,
  NotFound,
  putProjectGroupPermission,
  putProjectUserPermission,
  putRepositoryGroupPermission,
  putRepositoryUserPermission,
  type BitbucketApi,
} from "../../src/bitbucket";
import { ownerToken, reseed, startContract, WS, type Contract } from "./harness";

let contract: Contract;
let api: BitbucketApi;
beforeAll(async () => {
  contract = await startContract();
});
afterAll(async () => {
  await contract.sim.close();
});
beforeEach(() => {
  reseed(contract.sim);
  api = contract.client().as(ownerToken);
});

describe("Permission writes against the simulator with the owner's API token", () => {
  test("When a repository user grant is put, read, put again and deleted, then each step is visible to the next read", async () => {
    const bob = contract.uuid("bob");
    await expect(putRepositoryUserPermission(api, WS, "proj-repo-002", bob, "admin")).resolves.toMatchObject({
      type: "repository_user_permission",
      permission: "admin",
      user: { uuid: bob },
    });
    await expect(getRepositoryUserPermission(api, WS, "proj-repo-002", bob)).resolves.toMatchObject({ permission: "admin" });
    await putRepositoryUserPermission(api, WS, "proj-repo-002", bob, "admin");
    await expect(deleteRepositoryUserPermission(api, WS, "proj-repo-002", bob)).resolves.toBeUndefined();
    await expect(getRepositoryUserPermission(api, WS, "proj-repo-002", bob)).rejects.toBeInstanceOf(NotFound);
  });

  test("When a user is named by account_id, then the answer carries the canonical {uuid}", async () => {
    const alice = await getRepositoryUserPermission(api, WS, "proj-repo-001", contract.uuid("alice"));
    const answer = await putRepositoryUserPermission(api, WS, "proj-repo-003", alice.user.account_id!, "read");
    expect(answer.user.uuid).toBe(contract.uuid("alice"));
  });

  test("When a repository group grant is put and deleted, then the group list follows", async () => {
    await putRepositoryGroupPermission(api, WS, "proj-repo-002", "admins", "write");
    await expect(getRepositoryGroupPermission(api, WS, "proj-repo-002", "admins")).resolves.toMatchObject({ permission: "write" });
    await deleteRepositoryGroupPermission(api, WS, "proj-repo-002", "admins");
    await expect(listRepositoryGroupPermissions(api, WS, "proj-repo-002")).resolves.toEqual([]);
  });

  test("When a project user grant is set to create-repo and deleted, then reads follow", async () => {
    const alice = contract.uuid("alice");
    await expect(putProjectUserPermission(api, WS, "PROJ", alice, "create-repo")).resolves.toMatchObject({
      type: "project_user_permission",
      permission: "create-repo",
    });
    await expect(getProjectUserPermission(api, WS, "PROJ", alice)).resolves.toMatchObject({ permission: "create-repo" });
    await deleteProjectUserPermission(api, WS, "PROJ", alice);
    expect((await listProjectUserPermissions(api, WS, "PROJ")).map((g) => g.user.uuid)).toEqual([contract.uuid("bob")]);
  });

  test("When a project group grant is put and deleted, then reads follow", async () => {
    await expect(putProjectGroupPermission(api, WS, "OTHER", "admins", "admin")).resolves.toMatchObject({ type: "project_group_permission" });
    await expect(getProjectGroupPermission(api, WS, "OTHER", "admins")).resolves.toMatchObject({ permission: "admin" });
    await deleteProjectGroupPermission(api, WS, "OTHER", "admins");
    await expect(getProjectGroupPermission(api, WS, "OTHER", "admins")).rejects.toBeInstanceOf(NotFound);
  });

  test("When writes go through the default throttle, then the simulator sees them one at a time, spaced by minTimeMs", async () => {
    contract.sim.clearRequests();
    const paced = contract.client({ throttle: { write: { maxConcurrent: 1, minTimeMs: 1000 } } }).as(ownerToken);
    const start = contract.sim.clock.now();
    await Promise.all(
      ["proj-repo-001", "proj-repo-002", "proj-repo-003"].map((repo) => putRepositoryUserPermission(paced, WS, repo, contract.uuid("bob"), "read")),
    );
    expect(contract.sim.clock.now() - start).toBe(2000);
    expect(contract.sim.requests().filter((r) => r.method === "PUT")).toHaveLength(3);
  });
});
