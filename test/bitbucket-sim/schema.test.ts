/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import { SpecValidator } from "./spec-validator";
import { startTestSim, type TestSim, userUuid } from "./test-support";

/**
 * Every success body is checked against the response schema the spec gives for that path, method and
 * status; every error body against `#/definitions/error`.
 */
let t: TestSim;
const spec = new SpecValidator();
beforeAll(async () => {
  t = await startTestSim();
  // Make sure every permissions-config list has rows to validate.
  const u = encodeURIComponent(userUuid("user-02"));
  await t.http.put(`/2.0/repositories/acme/plat-repo-004/permissions-config/users/${u}`).set("Authorization", t.owner).send({ permission: "write" });
  await t.http.put(`/2.0/repositories/acme/plat-repo-004/permissions-config/groups/qa`).set("Authorization", t.owner).send({ permission: "read" });
  await t.http.put(`/2.0/workspaces/acme/projects/DATA/permissions-config/users/${u}`).set("Authorization", t.owner).send({ permission: "create-repo" });
});
afterAll(async () => { await t.sim.close(); });

const u2 = encodeURIComponent(userUuid("user-02"));
const CASES: Array<[method: "GET" | "PUT", specPath: string, url: string, body?: object]> = [
  ["GET", "/repositories/{workspace}", "/2.0/repositories/acme?pagelen=5"],
  ["GET", "/repositories/{workspace}/{repo_slug}", "/2.0/repositories/acme/plat-repo-004"],
  ["GET", "/repositories/{workspace}/{repo_slug}/permissions-config/users", "/2.0/repositories/acme/plat-repo-004/permissions-config/users"],
  ["GET", "/repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}", `/2.0/repositories/acme/plat-repo-004/permissions-config/users/${u2}`],
  ["PUT", "/repositories/{workspace}/{repo_slug}/permissions-config/users/{selected_user_id}", `/2.0/repositories/acme/plat-repo-004/permissions-config/users/${u2}`, { permission: "admin" }],
  ["GET", "/repositories/{workspace}/{repo_slug}/permissions-config/groups", "/2.0/repositories/acme/plat-repo-004/permissions-config/groups"],
  ["GET", "/repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}", "/2.0/repositories/acme/plat-repo-004/permissions-config/groups/qa"],
  ["PUT", "/repositories/{workspace}/{repo_slug}/permissions-config/groups/{group_slug}", "/2.0/repositories/acme/plat-repo-004/permissions-config/groups/qa", { permission: "write" }],
  ["GET", "/workspaces/{workspace}/projects/{project_key}/permissions-config/users", "/2.0/workspaces/acme/projects/DATA/permissions-config/users"],
  ["GET", "/workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}", `/2.0/workspaces/acme/projects/DATA/permissions-config/users/${u2}`],
  ["PUT", "/workspaces/{workspace}/projects/{project_key}/permissions-config/users/{selected_user_id}", `/2.0/workspaces/acme/projects/DATA/permissions-config/users/${u2}`, { permission: "read" }],
  ["GET", "/workspaces/{workspace}/projects/{project_key}/permissions-config/groups", "/2.0/workspaces/acme/projects/DATA/permissions-config/groups"],
  ["GET", "/workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}", "/2.0/workspaces/acme/projects/DATA/permissions-config/groups/contractors"],
  ["PUT", "/workspaces/{workspace}/projects/{project_key}/permissions-config/groups/{group_slug}", "/2.0/workspaces/acme/projects/DATA/permissions-config/groups/contractors", { permission: "write" }],
  ["GET", "/workspaces/{workspace}/projects", "/2.0/workspaces/acme/projects"],
  ["GET", "/workspaces/{workspace}/projects/{project_key}", "/2.0/workspaces/acme/projects/PLAT"],
  ["GET", "/workspaces/{workspace}", "/2.0/workspaces/acme"],
  ["GET", "/workspaces/{workspace}/members", "/2.0/workspaces/acme/members?fields=%2Bvalues.user.email"],
  ["GET", "/workspaces/{workspace}/members/{member}", `/2.0/workspaces/acme/members/${u2}`],
  ["GET", "/workspaces/{workspace}/permissions", "/2.0/workspaces/acme/permissions"],
  ["GET", "/workspaces/{workspace}/permissions/repositories", "/2.0/workspaces/acme/permissions/repositories?pagelen=50"],
  ["GET", "/workspaces/{workspace}/permissions/repositories/{repo_slug}", "/2.0/workspaces/acme/permissions/repositories/plat-repo-004"],
  ["GET", "/users/{selected_user}", `/2.0/users/${u2}`],
  ["GET", "/user", "/2.0/user"],
];

// describe.each, not test.each: jest 30 hung on a test.each table whose rows differ in length.
describe.each(CASES)("%s %s", (method, specPath, url, body) => {
  test("When it succeeds, then its body matches the spec's 200 schema", async () => {
  const req = method === "PUT" ? t.http.put(url).send(body) : t.http.get(url);
  const res = await req.set("Authorization", t.owner);
  expect(res.status).toBe(200);
  const definition = spec.responseDefinition(method, specPath, 200);
  expect(definition).toBeDefined();
  expect(spec.errors(definition!, res.body)).toEqual([]);
  if (Array.isArray(res.body.values)) expect(res.body.values.length).toBeGreaterThan(0);
  });
});

test("When errors of every kind are produced, then each body matches #/definitions/error", async () => {
  const responses = await Promise.all([
    t.http.get("/2.0/repositories/acme"),
    t.http.get("/2.0/repositories/nope").set("Authorization", t.owner),
    t.http.put(`/2.0/repositories/acme/plat-repo-004/permissions-config/users/${u2}`).set("Authorization", t.owner).send({}),
    t.http.put(`/2.0/repositories/acme/plat-repo-004/permissions-config/users/${u2}`).set("Authorization", t.jwt("PUT", `/2.0/repositories/acme/plat-repo-004/permissions-config/users/${u2}`)).send({ permission: "read" }),
    t.http.get("/2.0/workspaces"),
    t.http.get("/2.0/nothing-here"),
    t.http.get("/2.0/repositories/acme?q=%28").set("Authorization", t.owner),
  ]);
  expect(responses.map((r) => r.status)).toEqual([401, 404, 400, 403, 410, 404, 400]);
  for (const res of responses) expect(spec.errors("error", res.body)).toEqual([]);
});

test("When the validator sees a wrong body, then it reports errors (the check can fail)", () => {
  expect(spec.errors("paginated_repositories", { values: [{ type: "repository", links: { bogus: {} } }], extra: 1 })).not.toEqual([]);
  expect(spec.errors("error", { error: {} })).not.toEqual([]);
});
