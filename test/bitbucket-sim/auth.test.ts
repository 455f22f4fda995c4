/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import { basicHeader, bearerHeader, connectJwtHeader } from "./auth-headers";
import { aWorkspace } from "./seed/builder";
import { ACME_UUID, INSTALL, startTestSim, type TestSim, userUuid } from "./test-support";

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
  t.sim.seed(aWorkspace("other").withOwner("otto").withProject("X", { repos: 1 }).build());
  t.sim.addBearerToken({ token: "oauth-1", kind: "oauth-bearer", workspaceUuid: ACME_UUID, id: "consumer-1" });
  t.sim.addBearerToken({ token: "oauth-owner", kind: "oauth-bearer", workspaceUuid: ACME_UUID, id: "consumer-2", userUuid: userUuid("olivia-owner") });
  t.sim.addBearerToken({ token: "at-web", kind: "access-token", workspaceUuid: ACME_UUID, id: "at-1", projectKey: "WEB" });
});
afterAll(async () => { await t.sim.close(); });
afterEach(() => { t.sim.setSwitches({ jwtMayReadPermissions: true, apiTokenMayWritePermissions: true, requirePermissionScopes: false, projectUnauthenticatedStatus: 401 }); });

const REPO = "/2.0/repositories/acme/plat-repo-001";
const USERS = `${REPO}/permissions-config/users`;
const nowSec = (): number => Math.floor(t.sim.clock.now() / 1000);

describe("connect-jwt", () => {
  test("When a JWT is signed with the installation secret over the exact request, then the read succeeds", async () => {
    const path = "/2.0/repositories/acme?q=project.key%3D%22OPS%22&pagelen=100";
    const res = await t.http.get(path).set("Authorization", t.jwt("GET", path));
    expect(res.status).toBe(200);
    expect(res.body.size).toBe(3);
    expect(t.sim.requests().at(-1)).toMatchObject({ authKind: "connect-jwt", identity: INSTALL.clientKey, status: 200 });
  });

  test.each([
    ["a wrong secret", () => connectJwtHeader({ ...INSTALL, sharedSecret: "nope" }, "GET", REPO, { nowSec: nowSec() })],
    ["a wrong iss", () => connectJwtHeader({ ...INSTALL, appKey: "other-app" }, "GET", REPO, { nowSec: nowSec() })],
    ["an unknown clientKey", () => connectJwtHeader({ ...INSTALL, clientKey: "connection:nobody" }, "GET", REPO, { nowSec: nowSec() })],
    ["an expired token", () => connectJwtHeader(INSTALL, "GET", REPO, { nowSec: nowSec() - 600 })],
    ["a qsh for another path", () => connectJwtHeader(INSTALL, "GET", "/2.0/repositories/acme", { nowSec: nowSec() })],
    ["a qsh for another method", () => connectJwtHeader(INSTALL, "PUT", REPO, { nowSec: nowSec() })],
    ["garbage", () => "JWT not.a.token"],
  ])("When the JWT has %s, then the call is 401 with the error envelope", async (_name, header) => {
    const res = await t.http.get(REPO).set("Authorization", header());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: "error", error: { message: expect.any(String) } });
  });

  test("When the JWT is sent as a query parameter instead of the header, then the call is 401", async () => {
    const token = t.jwt("GET", REPO).slice(4);
    expect((await t.http.get(`${REPO}?jwt=${token}`)).status).toBe(401);
  });

  test("When a JWT reads another tenant's workspace, then it is refused", async () => {
    const path = "/2.0/repositories/other";
    expect((await t.http.get(path).set("Authorization", t.jwt("GET", path))).status).toBe(403);
  });

  test("When the installation is removed, then its JWT is 401", async () => {
    t.sim.removeInstallation(INSTALL.clientKey);
    const res = await t.http.get(REPO).set("Authorization", t.jwt("GET", REPO));
    t.sim.registerInstallation({ ...INSTALL, workspaceUuid: ACME_UUID });
    expect(res.status).toBe(401);
  });

  test("When jwtMayReadPermissions is off, then permissions-config GETs with a JWT are 403", async () => {
    t.sim.setSwitches({ jwtMayReadPermissions: false });
    expect((await t.http.get(USERS).set("Authorization", t.jwt("GET", USERS))).status).toBe(403);
  });
});

describe("api-token, app password, none", () => {
  test("When a registered API token reads, then it sees what its owner sees and /2.0/user is the owner", async () => {
    const me = await t.http.get("/2.0/user").set("Authorization", t.owner);
    expect(me.body).toMatchObject({ type: "user", uuid: userUuid("olivia-owner") });
    expect(t.sim.requests().at(-1)).toMatchObject({ authKind: "api-token", identity: userUuid("olivia-owner") });
  });

  test("When Basic credentials use a username (an app password), then the call is 401", async () => {
    const res = await t.http.get(REPO).set("Authorization", basicHeader("olivia", "app-password"));
    expect(res.status).toBe(401);
    expect(t.sim.requests().at(-1)?.authKind).toBe("app-password");
  });

  test("When an API token is unknown or no credential is sent, then the call is 401", async () => {
    expect((await t.http.get(REPO).set("Authorization", basicHeader("olivia-owner@acme.example", "wrong"))).status).toBe(401);
    expect((await t.http.get(REPO)).status).toBe(401);
    expect((await t.http.get(REPO).set("Authorization", "Digest abc")).status).toBe(401);
  });

  test("When an unauthenticated call hits a project path, then projectUnauthenticatedStatus picks 401 or 404", async () => {
    const path = "/2.0/workspaces/acme/projects/PLAT/permissions-config/users";
    expect((await t.http.get(path)).status).toBe(401);
    t.sim.setSwitches({ projectUnauthenticatedStatus: 404 });
    expect((await t.http.get(path)).status).toBe(404);
  });

  test("When an API token owner is not a workspace member, then workspace reads are 403", async () => {
    t.sim.addApiToken({ email: "zed@acme.example", token: "z", userUuid: userUuid("zed-outsider") });
    expect((await t.http.get("/2.0/repositories/acme").set("Authorization", basicHeader("zed@acme.example", "z"))).status).toBe(403);
  });
});

describe("bearer tokens", () => {
  test("When an OAuth bearer reads, then it succeeds and is logged under its consumer", async () => {
    const res = await t.http.get(REPO).set("Authorization", bearerHeader("oauth-1"));
    expect(res.status).toBe(200);
    expect(t.sim.requests().at(-1)).toMatchObject({ authKind: "oauth-bearer", identity: "consumer-1" });
  });

  test("When a project access token reads, then it sees its project only and no permissions", async () => {
    expect((await t.http.get("/2.0/repositories/acme/web-repo-001").set("Authorization", bearerHeader("at-web"))).status).toBe(200);
    expect((await t.http.get(REPO).set("Authorization", bearerHeader("at-web"))).status).toBe(403);
    const list = await t.http.get("/2.0/repositories/acme?pagelen=100").set("Authorization", bearerHeader("at-web"));
    expect(list.body.size).toBe(25);
    expect((await t.http.get("/2.0/repositories/acme/web-repo-001/permissions-config/users").set("Authorization", bearerHeader("at-web"))).status).toBe(403);
  });

  test("When an unknown bearer is sent, then the call is 401", async () => {
    expect((await t.http.get(REPO).set("Authorization", bearerHeader("nope"))).status).toBe(401);
  });
});

describe("permission writes by auth kind", () => {
  const target = `${USERS}/${encodeURIComponent(userUuid("user-01"))}`;
  const repoText = "The requesting user isn't an admin of the repository, or the authentication method was not via app password.";

  test.each([
    ["a JWT", () => t.jwt("PUT", target)],
    ["an OAuth bearer without a user", () => bearerHeader("oauth-1")],
    ["an OAuth bearer of the workspace owner", () => bearerHeader("oauth-owner")],
    ["an access token", () => bearerHeader("at-web")],
  ])("When %s PUTs a repository permission, then it is 403 with the auth-method text", async (_n, header) => {
    const res = await t.http.put(target).set("Authorization", header()).send({ permission: "write" });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(repoText);
  });

  test("When a JWT DELETEs a project permission, then it is 403 with the project auth-method text", async () => {
    const path = `/2.0/workspaces/acme/projects/PLAT/permissions-config/groups/qa`;
    const res = await t.http.delete(path).set("Authorization", t.jwt("DELETE", path));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("The requesting user isn't an admin of the project, or the authentication method was not via app password.");
  });

  test("When apiTokenMayWritePermissions is off, then even the owner's token is 403", async () => {
    t.sim.setSwitches({ apiTokenMayWritePermissions: false });
    const res = await t.http.put(target).set("Authorization", t.owner).send({ permission: "write" });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(repoText);
  });

  test("When requirePermissionScopes is on, then a token without the permission scopes is 403 and one with them passes", async () => {
    t.sim.setSwitches({ requirePermissionScopes: true });
    t.sim.addApiToken({ email: "olivia-owner@acme.example", token: "narrow", userUuid: userUuid("olivia-owner"), scopes: ["read:repository:bitbucket"] });
    t.sim.addApiToken({ email: "olivia-owner@acme.example", token: "wide", userUuid: userUuid("olivia-owner"),
      scopes: ["admin:repository:bitbucket", "write:permission:bitbucket"] });
    const narrow = await t.http.put(target).set("Authorization", basicHeader("olivia-owner@acme.example", "narrow")).send({ permission: "read" });
    expect(narrow.status).toBe(403);
    expect(narrow.body.error.message).toBe("Your credentials lack one or more required privilege scopes.");
    expect((await t.http.put(target).set("Authorization", basicHeader("olivia-owner@acme.example", "wide")).send({ permission: "read" })).status).toBe(200);
    expect((await t.http.delete(target).set("Authorization", basicHeader("olivia-owner@acme.example", "wide"))).status).toBe(403);
  });
});
