import {
  BadRequest,
  BudgetExhausted,
  createMemoryCallBudget,
  deleteRepositoryUserPermission,
  Forbidden,
  getCurrentUser,
  Gone,
  listGroupsV1,
  listProjectRepositories,
  listRepositoryUserPermissions,
  NotFound,
  path,
  putProjectUserPermission,
  putRepositoryGroupPermission,
  putRepositoryUserPermission,
  RateLimited,
  ServerError,
  Unauthorized,
  WriteCredentialRejected,
  type ResponseEvent,
} from "../../src/bitbucket";
import { contractFixture, jwt, ownerToken, reseed, startContract, WS, type Contract } from "./harness";

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

describe("Refusals from the simulator", () => {
  test("When the installation JWT tries a permission write, then it is WriteCredentialRejected and nothing changes", async () => {
    const api = contract.client().as(jwt);
    const error: unknown = await putRepositoryUserPermission(api, WS, "proj-repo-002", contract.uuid("bob"), "write").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteCredentialRejected);
    expect(error).toMatchObject({ status: 403, isRetryable: false, method: "PUT" });
    expect((error as Error).message).toMatch(/^Bitbucket refused this credential for permission changes/);
    await expect(putProjectUserPermission(api, WS, "PROJ", contract.uuid("alice"), "admin")).rejects.toBeInstanceOf(WriteCredentialRejected);
    await expect(deleteRepositoryUserPermission(api, WS, "proj-repo-001", contract.uuid("alice"))).rejects.toBeInstanceOf(WriteCredentialRejected);
    const writes = contract.sim.requests().filter((r) => r.method !== "GET");
    expect(writes).toHaveLength(3);
    expect(writes.every((r) => r.status === 403)).toBe(true);
    const grants = await listRepositoryUserPermissions(contract.client().as(ownerToken), WS, "proj-repo-001");
    expect(grants).toHaveLength(1);
  });

  test("When API-token writes are switched off in the simulator, then a token write is WriteCredentialRejected too", async () => {
    contract.sim.setSwitches({ apiTokenMayWritePermissions: false });
    const api = contract.client().as(ownerToken);
    await expect(putRepositoryUserPermission(api, WS, "proj-repo-002", contract.uuid("bob"), "read")).rejects.toBeInstanceOf(WriteCredentialRejected);
  });

  test("When a user grant names a non-member, then it is BadRequest (not NotFound)", async () => {
    const api = contract.client().as(ownerToken);
    await expect(putRepositoryUserPermission(api, WS, "proj-repo-002", contract.uuid("zed"), "read")).rejects.toBeInstanceOf(BadRequest);
  });

  test("When a group grant names an unknown group, then it is NotFound", async () => {
    const api = contract.client().as(ownerToken);
    await expect(putRepositoryGroupPermission(api, WS, "proj-repo-002", "no-such-group", "read")).rejects.toBeInstanceOf(NotFound);
  });

  test("When a removed endpoint is called, then it is Gone with Bitbucket's CHANGE-2770 message, and never retried", async () => {
    const api = contract.client().as(ownerToken);
    const error: unknown = await api.get(path`/2.0/repositories`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Gone);
    expect((error as Gone).message).toContain("CHANGE-2770");
    expect(contract.sim.requests().filter((r) => r.path === "/2.0/repositories")).toHaveLength(1);
  });

  test("When a spam-marked workspace's repositories are listed, then it is Gone", async () => {
    await expect(listProjectRepositories(contract.client().as(ownerToken), "spammy", "S")).rejects.toBeInstanceOf(Gone);
  });

  test("When the rate limit is hit and retryRateLimited is false, then RateLimited comes back at once with no Retry-After", async () => {
    contract.sim.setSwitches({ rateLimitPerHour: 2 });
    const api = contract.client().as(ownerToken, { retry: { retryRateLimited: false } });
    await listRepositoryUserPermissions(api, WS, "proj-repo-001");
    await listRepositoryUserPermissions(api, WS, "proj-repo-001");
    const error: unknown = await listRepositoryUserPermissions(api, WS, "proj-repo-001").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect(error).toMatchObject({ status: 429, retryAfterMs: undefined, message: "Rate limit for this resource has been exceeded" });
    expect(contract.sim.requests()).toHaveLength(3);
  });

  test("When the simulator sends Retry-After on a 429, then the client waits that long and retries", async () => {
    contract.sim.setSwitches({ rateLimitPerHour: 1, retryAfterOn429: 5, timeScale: 3600 });
    const events: ResponseEvent[] = [];
    const api = contract.client({ onResponse: (e) => events.push(e) }).as(ownerToken);
    await listRepositoryUserPermissions(api, WS, "proj-repo-001");
    await listRepositoryUserPermissions(api, WS, "proj-repo-001");
    expect(events.map((e) => e.status)).toEqual([200, 429, 200]);
  });

  test("When the simulator fails twice with 503, then the client retries and succeeds", async () => {
    contract.sim.setFaults([{ method: "GET", pathGlob: "/2.0/user", status: 503, times: 2 }]);
    await expect(getCurrentUser(contract.client().as(ownerToken))).resolves.toMatchObject({ uuid: contract.uuid("olivia") });
    expect(contract.sim.requests().map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test("When 5xx persists past the retries, then ServerError is thrown after 1 + 3 attempts", async () => {
    contract.sim.setFaults([{ pathGlob: "/2.0/user", status: 500 }]);
    await expect(getCurrentUser(contract.client().as(ownerToken))).rejects.toBeInstanceOf(ServerError);
    expect(contract.sim.requests()).toHaveLength(4);
  });

  test("When the call budget is spent, then BudgetExhausted is thrown and the simulator sees nothing more", async () => {
    const budget = createMemoryCallBudget({ callsPerHour: 1, clock: () => contract.sim.clock.now() });
    const api = contract.client({ budget }).as(ownerToken);
    await getCurrentUser(api);
    await expect(getCurrentUser(api)).rejects.toBeInstanceOf(BudgetExhausted);
    expect(contract.sim.requests()).toHaveLength(1);
  });

  test("When an API token is unknown, then it is Unauthorized", async () => {
    const api = contract.client().as({ kind: "api-token", email: "olivia@acme.example", apiToken: "wrong" });
    await expect(getCurrentUser(api)).rejects.toBeInstanceOf(Unauthorized);
  });

  test("When the JWT is signed with the wrong secret, then it is Unauthorized", async () => {
    const api = contract.client().as({ ...jwt, sharedSecret: "not-the-secret" });
    await expect(listRepositoryUserPermissions(api, WS, "proj-repo-001")).rejects.toBeInstanceOf(Unauthorized);
  });

  test("When JWT permission reads are switched off, then a JWT read is Forbidden (not WriteCredentialRejected)", async () => {
    contract.sim.setSwitches({ jwtMayReadPermissions: false });
    const error: unknown = await listRepositoryUserPermissions(contract.client().as(jwt), WS, "proj-repo-001").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Forbidden);
    expect(error).not.toBeInstanceOf(WriteCredentialRejected);
  });

  test("When the 1.0 group endpoint is gone or called by uuid, then listGroupsV1 throws instead of answering no groups", async () => {
    const api = contract.client().as(ownerToken);
    const workspaceUuid = contractFixture().workspaces[0]!.uuid;
    await expect(listGroupsV1(api, workspaceUuid)).rejects.toBeInstanceOf(NotFound);
    contract.sim.setSwitches({ groupsV1: "gone" });
    await expect(listGroupsV1(api, WS)).rejects.toBeInstanceOf(Gone);
  });
});
