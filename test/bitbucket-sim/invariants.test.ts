/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import { bearerHeader } from "./auth-headers";
import { ACME_UUID, startTestSim, type TestSim, userUuid } from "./test-support";

/** The invariants of bitbucket-platform.md §4.2, checked end to end. */
let t: TestSim;
beforeEach(async () => { t = await startTestSim(); });
afterEach(async () => { await t.sim.close(); });

const enc = encodeURIComponent;
const repoUser = (repo: string, nick: string): string => `/2.0/repositories/acme/${repo}/permissions-config/users/${enc(userUuid(nick))}`;

test("When the same PUT is repeated, then nothing changes", async () => {
  const path = repoUser("web-repo-003", "user-07");
  const first = await t.http.put(path).set("Authorization", t.owner).send({ permission: "write" });
  const version = t.sim.state.version;
  const second = await t.http.put(path).set("Authorization", t.owner).send({ permission: "write" });
  expect(second.status).toBe(200);
  expect(second.body).toEqual(first.body);
  expect(t.sim.state.version).toBe(version);
});

test("When a grant is DELETEd, then a GET gives the no-grant behaviour", async () => {
  const path = repoUser("web-repo-003", "user-07");
  await t.http.put(path).set("Authorization", t.owner).send({ permission: "admin" });
  expect((await t.http.delete(path).set("Authorization", t.owner)).status).toBe(204);
  expect((await t.http.get(path).set("Authorization", t.owner)).status).toBe(404);
});

test("When a project grant is made, then it shows in /permissions/repositories but not in the repo's permissions-config", async () => {
  const put = await t.http.put(`/2.0/workspaces/acme/projects/OPS/permissions-config/users/${enc(userUuid("user-09"))}`)
    .set("Authorization", t.owner).send({ permission: "write" });
  expect(put.status).toBe(200);
  const effective = await t.http.get(`/2.0/workspaces/acme/permissions/repositories/ops-repo-001`).set("Authorization", t.owner);
  expect(effective.body.values).toContainEqual(expect.objectContaining({ permission: "write", user: expect.objectContaining({ uuid: userUuid("user-09") }) }));
  const explicit = await t.http.get(`/2.0/repositories/acme/ops-repo-001/permissions-config/users?pagelen=100`).set("Authorization", t.owner);
  expect(explicit.body.values.map((v: { user: { uuid: string } }) => v.user.uuid)).not.toContain(userUuid("user-09"));
});

test("When a user PUT names a non-member, then it is 400, while a group PUT with an unknown slug is 404", async () => {
  expect((await t.http.put(repoUser("web-repo-003", "zed-outsider")).set("Authorization", t.owner).send({ permission: "read" })).status).toBe(400);
  expect((await t.http.put("/2.0/repositories/acme/web-repo-003/permissions-config/groups/no-such-group")
    .set("Authorization", t.owner).send({ permission: "read" })).status).toBe(404);
});

test("When JWT and OAuth identities write, then they get 403 even though they can read as admins", async () => {
  t.sim.addBearerToken({ token: "oauth-owner", kind: "oauth-bearer", workspaceUuid: ACME_UUID, id: "c", userUuid: userUuid("olivia-owner") });
  const path = repoUser("web-repo-003", "user-07");
  const list = "/2.0/repositories/acme/web-repo-003/permissions-config/users";
  expect((await t.http.get(list).set("Authorization", t.jwt("GET", list))).status).toBe(200);
  expect((await t.http.get(list).set("Authorization", bearerHeader("oauth-owner"))).status).toBe(200);
  expect((await t.http.put(path).set("Authorization", t.jwt("PUT", path)).send({ permission: "read" })).status).toBe(403);
  expect((await t.http.put(path).set("Authorization", bearerHeader("oauth-owner")).send({ permission: "read" })).status).toBe(403);
  expect(t.sim.requests().filter((r) => r.method === "PUT" && r.status === 200)).toHaveLength(0);
});

test("When a repo grant is lower than the inherited project level, then effective access stays at the project level", async () => {
  // user-01 is in developers (PLAT write); a repo-level read cannot lower that.
  await t.http.put(repoUser("plat-repo-010", "user-01")).set("Authorization", t.owner).send({ permission: "read" });
  const res = await t.http.get("/2.0/workspaces/acme/permissions/repositories/plat-repo-010").set("Authorization", t.owner);
  const row = (res.body.values as Array<{ permission: string; user: { uuid: string } }>).find((v) => v.user.uuid === userUuid("user-01"));
  expect(row?.permission).toBe("write");
});
