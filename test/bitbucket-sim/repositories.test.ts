/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import { aWorkspace } from "./seed/builder";
import { startTestSim, type TestSim, tokenFor } from "./test-support";

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
  t.sim.seed(aWorkspace("spammy").withOwner("sam").withProject("S", { repos: 1 }).withApiToken("sam", "sam-token").markedAsSpam().build());
});
afterAll(async () => { await t.sim.close(); });
afterEach(() => { t.sim.setSwitches({ pagelenAbove100: "clamp", roleFilterIncludesInherited: false }); });

const get = (path: string, auth = t.owner) => t.http.get(path).set("Authorization", auth);
const slugs = (body: { values: Array<{ slug: string }> }): string[] => body.values.map((v) => v.slug);

describe("pagination", () => {
  test("When no pagelen is given, then a page holds 10 with size and an absolute next", async () => {
    const res = await get("/2.0/repositories/acme?q=project.key%3D%22PLAT%22");
    expect(res.body).toMatchObject({ pagelen: 10, page: 1, size: 320 });
    expect(res.body.values).toHaveLength(10);
    expect(res.body.next).toBe(`${t.sim.url}/2.0/repositories/acme?q=project.key%3D%22PLAT%22&page=2`);
  });

  test("When next is followed to the end, then every repo is seen once and the last page has no next", async () => {
    let url: string | undefined = "/2.0/repositories/acme?q=project.key%3D%22PLAT%22&pagelen=100";
    const seen: string[] = [];
    let pages = 0;
    while (url !== undefined) {
      const res = await get(url.replace(t.sim.url, ""));
      seen.push(...slugs(res.body));
      url = res.body.next as string | undefined;
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(320);
  });

  test("When pagelen is above 100, then it is clamped, or 400 with pagelenAbove100=400", async () => {
    expect((await get("/2.0/repositories/acme?pagelen=500")).body.pagelen).toBe(100);
    t.sim.setSwitches({ pagelenAbove100: "400" });
    expect((await get("/2.0/repositories/acme?pagelen=500")).status).toBe(400);
  });

  test("When page or pagelen is not a positive integer, then it is 400; a page past the end is empty", async () => {
    expect((await get("/2.0/repositories/acme?page=0")).status).toBe(400);
    expect((await get("/2.0/repositories/acme?pagelen=abc")).status).toBe(400);
    const past = await get("/2.0/repositories/acme?page=999");
    expect(past.body.values).toEqual([]);
    expect(past.body.next).toBeUndefined();
  });
});

describe("BBQL, sort, role", () => {
  test("When q filters by project.uuid, then only that project's repos come back", async () => {
    const web = await get("/2.0/workspaces/acme/projects/WEB");
    const res = await get(`/2.0/repositories/acme?pagelen=100&q=${encodeURIComponent(`project.uuid="${web.body.uuid as string}"`)}`);
    expect(res.body.size).toBe(25);
  });

  test("When q combines AND, OR, ~ and parentheses, then the subset matches", async () => {
    const q = encodeURIComponent('(project.key="DATA" AND name~"repo-01") OR name="ops-repo-002"');
    const res = await get(`/2.0/repositories/acme?pagelen=100&q=${q}`);
    expect(slugs(res.body).sort()).toEqual(["data-repo-010", "data-repo-011", "data-repo-012", "ops-repo-002"]);
  });

  test("When q is not valid BBQL, then it is 400", async () => {
    expect((await get(`/2.0/repositories/acme?q=${encodeURIComponent('project.key="X" AND')}`)).status).toBe(400);
    expect((await get(`/2.0/repositories/acme?q=${encodeURIComponent("name ?? 3")}`)).status).toBe(400);
  });

  test("When sort is slug or -updated_on, then the order follows", async () => {
    const bySlug = await get(`/2.0/repositories/acme?pagelen=3&sort=-slug&q=${encodeURIComponent('project.key="OPS"')}`);
    expect(slugs(bySlug.body)).toEqual(["ops-repo-003", "ops-repo-002", "ops-repo-001"]);
    const recent = await get(`/2.0/repositories/acme?pagelen=1&sort=-updated_on`);
    expect(slugs(recent.body)).toEqual(["ops-repo-003"]);
  });

  test("When role=admin is asked by a user with one explicit admin grant, then only that repo; inherited counts by switch", async () => {
    const user30 = tokenFor(t, "user-30");
    expect(slugs((await get("/2.0/repositories/acme?role=admin", user30)).body)).toEqual(["plat-repo-001"]);
    expect((await get("/2.0/repositories/acme?role=member", user30)).body.size).toBe(1);
    t.sim.setSwitches({ roleFilterIncludesInherited: true });
    expect((await get("/2.0/repositories/acme?role=member&pagelen=1", user30)).body.size).toBe(320); // readers: PLAT read
  });

  test("When a member lists repositories, then only repos they can read are listed", async () => {
    const qa = tokenFor(t, "user-16"); // qa: WEB read, plat-repo-002 write; data-repo-001 admin
    expect((await get("/2.0/repositories/acme", qa)).body.size).toBe(27);
  });
});

describe("fields", () => {
  test("When fields lists values.x paths, then only those are returned", async () => {
    const res = await get("/2.0/repositories/acme?pagelen=2&fields=next,values.slug,values.project.key");
    expect(Object.keys(res.body)).toEqual(["next", "values"]);
    expect(res.body.values[0]).toEqual({ slug: "plat-repo-001", project: { key: "PLAT" } });
  });

  test("When fields has -x, then x is dropped and the rest stays", async () => {
    const res = await get("/2.0/repositories/acme?pagelen=1&fields=-values.links,-size");
    expect(res.body.size).toBeUndefined();
    expect(res.body.values[0].links).toBeUndefined();
    expect(res.body.values[0].slug).toBe("plat-repo-001");
  });

  test("When +values.user.email is asked by an admin, then emails appear; by default they do not", async () => {
    const plain = await get("/2.0/workspaces/acme/members?pagelen=1");
    expect(plain.body.values[0].user.email).toBeUndefined();
    const rich = await get("/2.0/workspaces/acme/members?pagelen=1&fields=%2Bvalues.user.email");
    expect(rich.body.values[0].user.email).toBe("olivia-owner@acme.example");
  });
});

describe("single repository and errors", () => {
  test("When the repo is read by slug or {uuid}, then both resolve to the same repo", async () => {
    const bySlug = await get("/2.0/repositories/acme/web-repo-001");
    const byUuid = await get(`/2.0/repositories/acme/${encodeURIComponent(bySlug.body.uuid as string)}`);
    expect(byUuid.body.slug).toBe("web-repo-001");
  });

  test("When a member without access reads a private repo, then 403; a missing repo or workspace is 404", async () => {
    expect((await get("/2.0/repositories/acme/ops-repo-001", tokenFor(t, "user-01"))).status).toBe(403);
    expect((await get("/2.0/repositories/acme/nope")).status).toBe(404);
    expect((await get("/2.0/repositories/nope")).status).toBe(404);
  });

  test("When the workspace is marked as spam, then its repository list is 410", async () => {
    const res = await t.http.get("/2.0/repositories/spammy").set("Authorization", `Basic ${Buffer.from("sam@spammy.example:sam-token").toString("base64")}`);
    expect(res.status).toBe(410);
  });
});
