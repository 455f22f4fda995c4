/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import { ACME_UUID, startTestSim, type TestSim, tokenFor, userUuid } from "./test-support";

let t: TestSim;
beforeAll(async () => { t = await startTestSim(); });
afterAll(async () => { await t.sim.close(); });
afterEach(() => { t.sim.setSwitches({ groupsV1: "slugOnly" }); });

const get = (path: string, auth = t.owner) => t.http.get(path).set("Authorization", auth);
const q = (query: string): string => encodeURIComponent(query);

describe("workspace, members, permissions", () => {
  test("When the workspace is read by slug or {uuid}, then both answer it", async () => {
    expect((await get("/2.0/workspaces/acme")).body).toMatchObject({ type: "workspace", slug: "acme", uuid: ACME_UUID });
    expect((await get(`/2.0/workspaces/${encodeURIComponent(ACME_UUID)}`)).body.slug).toBe("acme");
    expect((await get("/2.0/workspaces/nope")).status).toBe(404);
  });

  test("When members are listed, then all 42 members page out and a member is found by uuid or account_id", async () => {
    const list = await get("/2.0/workspaces/acme/members?pagelen=100");
    expect(list.body.size).toBe(42);
    const one = await get(`/2.0/workspaces/acme/members/${encodeURIComponent(userUuid("user-05"))}`);
    expect(one.body).toMatchObject({ type: "workspace_membership", user: { uuid: userUuid("user-05") }, workspace: { slug: "acme" } });
    const byAccount = await get(`/2.0/workspaces/acme/members/${encodeURIComponent(one.body.user.account_id as string)}`);
    expect(byAccount.body.user.uuid).toBe(userUuid("user-05"));
  });

  test("When the member is not in the workspace or unknown, then it is 404", async () => {
    expect((await get(`/2.0/workspaces/acme/members/${encodeURIComponent(userUuid("zed-outsider"))}`)).status).toBe(404);
    expect((await get("/2.0/workspaces/acme/members/557058:nobody")).status).toBe(404);
  });

  test("When members are filtered with user.email IN (…), then matches come back; more than 90 values is 400", async () => {
    const res = await get(`/2.0/workspaces/acme/members?q=${q('user.email IN ("user-01@acme.example","user-02@acme.example")')}`);
    expect(res.body.size).toBe(2);
    const many = Array.from({ length: 91 }, (_, i) => `"u${i}@x.com"`).join(",");
    expect((await get(`/2.0/workspaces/acme/members?q=${q(`user.email IN (${many})`)}`)).status).toBe(400);
  });

  test("When /permissions is asked for owners, then only the owner comes back with permission owner", async () => {
    const res = await get(`/2.0/workspaces/acme/permissions?q=${q('permission="owner"')}`);
    expect(res.body.size).toBe(1);
    expect(res.body.values[0]).toMatchObject({ permission: "owner", user: { uuid: userUuid("olivia-owner") } });
    expect((await get("/2.0/workspaces/acme/permissions?pagelen=100")).body.size).toBe(42);
  });
});

describe("workspace repository permissions (effective)", () => {
  test("When one repo is read, then rows are effective, user-only and include owner, group and project sources", async () => {
    const res = await get("/2.0/workspaces/acme/permissions/repositories/plat-repo-002?pagelen=100");
    const rows = res.body.values as Array<{ type: string; permission: string; user: { uuid: string }; group?: unknown }>;
    const level = (nick: string) => rows.find((r) => r.user.uuid === userUuid(nick))?.permission;
    expect(rows.every((r) => r.type === "repository_permission" && r.group === undefined)).toBe(true);
    expect(level("olivia-owner")).toBe("admin");
    expect(level("adam-admin")).toBe("admin");
    expect(level("user-01")).toBe("write"); // developers → PLAT write
    expect(level("user-16")).toBe("write"); // qa → repo group grant write
    expect(level("user-21")).toBe("write"); // create-repo counts as write on repos
    expect(level("user-35")).toBe("read"); // readers → PLAT read
    expect(level("user-23")).toBeUndefined(); // contractors: nothing on PLAT
  });

  test("When filtered by permission>\"read\" and repository.project.key, then only higher rows of that project", async () => {
    const res = await get(`/2.0/workspaces/acme/permissions/repositories?pagelen=100&q=${q('permission>"read" AND repository.project.key="OPS"')}`);
    const perms = new Set((res.body.values as Array<{ permission: string }>).map((v) => v.permission));
    expect([...perms].sort()).toEqual(["admin"]);
    expect(res.body.size).toBe(3 * 3); // owner + two release managers on three repos
    const byName = await get(`/2.0/workspaces/acme/permissions/repositories?q=${q('repository.name="data-repo-001"')}&sort=user.display_name`);
    expect(byName.body.values[0].repository.name).toBe("data-repo-001");
  });

  test("When a non-owner asks for the workspace-wide list, then it is 403 'isn't an admin of the workspace'", async () => {
    const res = await get("/2.0/workspaces/acme/permissions/repositories", t.admin);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe("The requesting user isn't an admin of the workspace.");
    expect((await get("/2.0/workspaces/acme/permissions/repositories/web-repo-001", t.admin)).status).toBe(200);
    expect((await get("/2.0/workspaces/acme/permissions/repositories/ops-repo-001", t.admin)).status).toBe(403);
  });
});

describe("projects", () => {
  test("When projects are listed by the owner, then all four; a member sees only the projects they reach", async () => {
    expect((await get("/2.0/workspaces/acme/projects")).body.size).toBe(4);
    const contractor = tokenFor(t, "user-23"); // DATA read, web-repo-001 write
    const keys = (await get("/2.0/workspaces/acme/projects", contractor)).body.values.map((p: { key: string }) => p.key);
    expect(keys.sort()).toEqual(["DATA", "WEB"]);
  });

  test("When a project is read, then 200 with key and uuid; 403 without access; 404 when missing", async () => {
    expect((await get("/2.0/workspaces/acme/projects/PLAT")).body).toMatchObject({ type: "project", key: "PLAT", name: "Platform" });
    expect((await get("/2.0/workspaces/acme/projects/OPS", tokenFor(t, "user-01"))).status).toBe(403);
    const missing = await get("/2.0/workspaces/acme/projects/NOPE");
    expect(missing.status).toBe(404);
  });
});

describe("users", () => {
  test("When a user is read by {uuid} or account_id, then the same user comes back; an unknown one or a workspace is 404", async () => {
    const byUuid = await get(`/2.0/users/${encodeURIComponent(userUuid("user-01"))}`);
    expect(byUuid.body).toMatchObject({ type: "user", nickname: "user-01" });
    expect((await get(`/2.0/users/${encodeURIComponent(byUuid.body.account_id as string)}`)).body.uuid).toBe(userUuid("user-01"));
    expect((await get(`/2.0/users/${encodeURIComponent(ACME_UUID)}`)).status).toBe(404);
  });

  test("When /2.0/user is called with a JWT, then it is 401 (no user behind an installation)", async () => {
    expect((await t.http.get("/2.0/user").set("Authorization", t.jwt("GET", "/2.0/user"))).status).toBe(401);
  });
});

describe("1.0 groups", () => {
  test("When groups are read by slug, then a bare array with members comes back", async () => {
    const res = await get("/1.0/groups/acme");
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(6);
    const devs = (res.body as Array<{ slug: string; members: unknown[] }>).find((g) => g.slug === "developers");
    expect(devs?.members).toHaveLength(15);
    expect((await get("/1.0/groups/acme/qa")).body).toMatchObject({ slug: "qa", name: "QA" });
    expect((await get("/1.0/groups/acme/ghosts")).status).toBe(404);
  });

  test("When groups are read by {uuid}, then 404 unless groupsV1=uuidToo; groupsV1=gone is 410", async () => {
    const byUuid = `/1.0/groups/${encodeURIComponent(ACME_UUID)}`;
    expect((await get(byUuid)).status).toBe(404);
    t.sim.setSwitches({ groupsV1: "uuidToo" });
    expect((await get(byUuid)).status).toBe(200);
    t.sim.setSwitches({ groupsV1: "gone" });
    expect((await get("/1.0/groups/acme")).status).toBe(410);
  });
});
