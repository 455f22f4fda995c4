/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import { startTestSim, type TestSim, tokenFor, userUuid } from "./test-support";

let t: TestSim;
beforeEach(async () => { t = await startTestSim(); });
afterEach(async () => { await t.sim.close(); });

const enc = encodeURIComponent;
const REPO = "/2.0/repositories/acme/plat-repo-005/permissions-config";
const PROJ = "/2.0/workspaces/acme/projects/WEB/permissions-config";
const user01 = enc(userUuid("user-01"));

describe("repository user permissions", () => {
  test("When the owner PUTs a grant by account_id, then it answers 200 with the canonical user and links.self", async () => {
    const member = await t.http.get(`/2.0/workspaces/acme/members/${user01}`).set("Authorization", t.owner);
    const accountId = member.body.user.account_id as string;
    const res = await t.http.put(`${REPO}/users/${enc(accountId)}`).set("Authorization", t.owner).send({ permission: "write" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body).toMatchObject({
      type: "repository_user_permission", permission: "write",
      user: { type: "user", uuid: userUuid("user-01"), account_id: accountId },
      repository: { type: "repository", full_name: "acme/plat-repo-005" },
      links: { self: { href: `${t.sim.url}${REPO}/users/${enc(accountId)}` } },
    });
    const get = await t.http.get(`${REPO}/users/${user01}`).set("Authorization", t.owner);
    expect(get.body.permission).toBe("write");
  });

  test("When the list is read, then it holds explicit grants only, paginated", async () => {
    for (const n of ["user-01", "user-02", "user-03"]) {
      await t.http.put(`${REPO}/users/${enc(userUuid(n))}`).set("Authorization", t.owner).send({ permission: "read" });
    }
    const res = await t.http.get(`${REPO}/users?pagelen=2`).set("Authorization", t.owner);
    expect(res.body).toMatchObject({ size: 3, pagelen: 2, page: 1 });
    expect(res.body.values).toHaveLength(2);
    expect(res.body.next).toBe(`${t.sim.url}${REPO}/users?pagelen=2&page=2`);
  });

  test.each([
    ["no body", undefined],
    ["an invalid level", { permission: "owner" }],
    ["create-repo on a repository", { permission: "create-repo" }],
    ["a non-object", "write"],
  ])("When the PUT has %s, then it is 400", async (_n, body) => {
    const req = t.http.put(`${REPO}/users/${user01}`).set("Authorization", t.owner);
    const res = body === undefined ? await req : await req.send(body as object);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe("error");
  });

  test("When the body is not JSON, then the PUT is 400", async () => {
    const res = await t.http.put(`${REPO}/users/${user01}`).set("Authorization", t.owner).set("Content-Type", "application/json").send("{nope");
    expect(res.status).toBe(400);
  });

  test("When the PUT targets a non-member or the workspace owner, then it is 400; an unknown user is 404", async () => {
    const put = (id: string) => t.http.put(`${REPO}/users/${enc(id)}`).set("Authorization", t.owner).send({ permission: "read" });
    expect((await put(userUuid("zed-outsider"))).status).toBe(400);
    expect((await put(userUuid("olivia-owner"))).status).toBe(400);
    expect((await put("{00000000-0000-4000-8000-000000000000}")).status).toBe(404);
  });

  test("When the workspace or repository is missing, then it is 404", async () => {
    expect((await t.http.get("/2.0/repositories/nope/x/permissions-config/users").set("Authorization", t.owner)).status).toBe(404);
    expect((await t.http.put(`/2.0/repositories/acme/nope/permissions-config/users/${user01}`).set("Authorization", t.owner).send({ permission: "read" })).status).toBe(404);
  });

  test("When a non-admin reads or writes, then it is 403 with the documented texts", async () => {
    const member = tokenFor(t, "user-02");
    const read = await t.http.get(`${REPO}/users`).set("Authorization", member);
    expect(read.status).toBe(403);
    expect(read.body.error.message).toBe("The requesting user isn't an admin of the repository.");
    const write = await t.http.put(`${REPO}/users/${user01}`).set("Authorization", member).send({ permission: "read" });
    expect(write.status).toBe(403);
  });

  test("When a repository admin by grant (not owner) writes, then it is allowed", async () => {
    const res = await t.http.put(`/2.0/repositories/acme/plat-repo-001/permissions-config/users/${user01}`)
      .set("Authorization", tokenFor(t, "user-30")).send({ permission: "read" });
    expect(res.status).toBe(200);
  });

  test("When no grant exists, then GET follows getWithoutGrant and DELETE follows deleteWithoutGrant", async () => {
    expect((await t.http.get(`${REPO}/users/${user01}`).set("Authorization", t.owner)).status).toBe(404);
    expect((await t.http.delete(`${REPO}/users/${user01}`).set("Authorization", t.owner)).status).toBe(204);
    t.sim.setSwitches({ getWithoutGrant: 200, deleteWithoutGrant: 404 });
    const get = await t.http.get(`${REPO}/users/${user01}`).set("Authorization", t.owner);
    expect(get.status).toBe(200);
    expect(get.body.permission).toBe("none");
    expect((await t.http.delete(`${REPO}/users/${user01}`).set("Authorization", t.owner)).status).toBe(404);
  });

  test("When contentTypeOn204 is on, then a DELETE's 204 carries a Content-Type; off, it has none", async () => {
    await t.http.put(`${REPO}/users/${user01}`).set("Authorization", t.owner).send({ permission: "read" });
    const bare = await t.http.delete(`${REPO}/users/${user01}`).set("Authorization", t.owner);
    expect(bare.status).toBe(204);
    expect(bare.headers["content-type"]).toBeUndefined();
    t.sim.setSwitches({ contentTypeOn204: true });
    const typed = await t.http.delete(`${REPO}/users/${user01}`).set("Authorization", t.owner);
    expect(typed.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  test("When the seat limit is reached, then a grant to a user without access is 402 but raising an existing one is not", async () => {
    // Holders today: owner, adam, user-01..28 via groups/grants (readers cover 29..40): every member has a seat.
    t.sim.setSwitches({ seatLimit: 1 });
    const fresh = await t.http.put(`${REPO}/users/${enc(userUuid("zed-outsider"))}`).set("Authorization", t.owner).send({ permission: "read" });
    expect(fresh.status).toBe(400); // non-member is checked before seats
    t.sim.state.setMember(t.sim.state.findWorkspace("acme")!, userUuid("zed-outsider"), "member");
    const limited = await t.http.put(`${REPO}/users/${enc(userUuid("zed-outsider"))}`).set("Authorization", t.owner).send({ permission: "read" });
    expect(limited.status).toBe(402);
    expect((await t.http.put(`${REPO}/users/${user01}`).set("Authorization", t.owner).send({ permission: "admin" })).status).toBe(200);
  });

  test("When readAfterWriteLagMs is set, then a GET sees the write only after the lag", async () => {
    t.sim.setSwitches({ readAfterWriteLagMs: 5000 });
    await t.http.put(`${REPO}/users/${user01}`).set("Authorization", t.owner).send({ permission: "write" });
    expect((await t.http.get(`${REPO}/users/${user01}`).set("Authorization", t.owner)).status).toBe(404);
    t.sim.clock.advance(5000);
    expect((await t.http.get(`${REPO}/users/${user01}`).set("Authorization", t.owner)).body.permission).toBe("write");
  });
});

describe("repository group permissions", () => {
  test("When a group is granted, then the row has group{type,name,slug,full_slug}", async () => {
    const res = await t.http.put(`${REPO}/groups/qa`).set("Authorization", t.owner).send({ permission: "admin" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      type: "repository_group_permission", permission: "admin",
      group: { type: "group", name: "QA", slug: "qa", full_slug: "acme:qa" },
      links: { self: { href: `${t.sim.url}${REPO}/groups/qa` } },
    });
    const list = await t.http.get(`${REPO}/groups`).set("Authorization", t.owner);
    expect(list.body.values.map((v: { group: { slug: string } }) => v.group.slug)).toEqual(["qa"]);
  });

  test("When the group slug is unknown, then PUT, GET and DELETE are 404", async () => {
    expect((await t.http.put(`${REPO}/groups/ghosts`).set("Authorization", t.owner).send({ permission: "read" })).status).toBe(404);
    expect((await t.http.get(`${REPO}/groups/ghosts`).set("Authorization", t.owner)).status).toBe(404);
    expect((await t.http.delete(`${REPO}/groups/ghosts`).set("Authorization", t.owner)).status).toBe(404);
  });
});

describe("project permissions", () => {
  test("When create-repo is PUT on a project, then it is stored with type project_user_permission", async () => {
    const res = await t.http.put(`${PROJ}/users/${user01}`).set("Authorization", t.owner).send({ permission: "create-repo" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: "project_user_permission", permission: "create-repo", project: { key: "WEB" } });
    const groups = await t.http.get(`${PROJ}/groups`).set("Authorization", t.owner);
    expect(groups.body.values[0]).toMatchObject({ type: "project_group_permission", permission: "read", group: { slug: "qa" } });
  });

  test("When a project admin by user grant writes, then it is allowed; a member is 403 with the project texts", async () => {
    expect((await t.http.put(`${PROJ}/groups/readers`).set("Authorization", t.admin).send({ permission: "read" })).status).toBe(200);
    const member = tokenFor(t, "user-03");
    const read = await t.http.get(`${PROJ}/users`).set("Authorization", member);
    expect(read.body.error.message).toBe("The user doesn't have admin access to the project.");
    const write = await t.http.delete(`${PROJ}/groups/qa`).set("Authorization", member);
    expect(write.status).toBe(403);
    expect(write.body.error.message).toBe("The requesting user isn't an admin of the project, or the authentication method was not via app password.");
  });

  test("When the project key is unknown, then it is 404 'A project isn't hosted at this location.'", async () => {
    const res = await t.http.get("/2.0/workspaces/acme/projects/NOPE/permissions-config/users").set("Authorization", t.owner);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("A project isn't hosted at this location.");
  });

  test("When a project user PUT targets the owner or a non-member, then it is 400", async () => {
    expect((await t.http.put(`${PROJ}/users/${enc(userUuid("olivia-owner"))}`).set("Authorization", t.owner).send({ permission: "read" })).status).toBe(400);
    expect((await t.http.put(`${PROJ}/users/${enc(userUuid("zed-outsider"))}`).set("Authorization", t.owner).send({ permission: "read" })).status).toBe(400);
  });
});
