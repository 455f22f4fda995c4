/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   supertest types every response body as `any`; these tests assert shapes with expect(), and schema.test.ts
   validates the same bodies against the spec. */
import { startTestSim, type TestSim, userUuid } from "./test-support";

let t: TestSim;
beforeAll(async () => { t = await startTestSim(); });
afterAll(async () => { await t.sim.close(); });

const CHANGE_2770 = {
  type: "error",
  error: {
    message: "CHANGE-2770 - Functionality has been deprecated",
    detail: "Please read the changelog entry for more details.",
    data: { announcement_url: "https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770" },
  },
};

test.each(["/2.0/repositories", "/2.0/workspaces", "/2.0/user/permissions/repositories", "/2.0/user/permissions/workspaces"])(
  "When removed endpoint %s is called, with or without credentials, then it is 410 with the CHANGE-2770 body",
  async (path) => {
    const anonymous = await t.http.get(path);
    expect(anonymous.status).toBe(410);
    expect(anonymous.body).toEqual(CHANGE_2770);
    expect((await t.http.get(path).set("Authorization", t.owner)).status).toBe(410);
  },
);

test("When a route is unknown, then it is 404 with the JSON error envelope", async () => {
  for (const path of ["/2.0/repositories/acme/plat-repo-001/pullrequests", "/2.0/snippets", "/nothing", "/2.0/user/workspaces"]) {
    const res = await t.http.get(path).set("Authorization", t.owner);
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body).toMatchObject({ type: "error", error: { message: expect.any(String) } });
  }
  expect((await t.http.post("/2.0/repositories/acme/plat-repo-001").set("Authorization", t.owner)).status).toBe(404);
});

test("When path segments are percent-encoded, then they are decoded once (braces, colons)", async () => {
  const member = await t.http.get(`/2.0/workspaces/acme/members/%7B${userUuid("user-03").slice(1, -1)}%7D`).set("Authorization", t.owner);
  expect(member.status).toBe(200);
  const accountId = member.body.user.account_id as string;
  const byAccount = await t.http.get(`/2.0/users/${accountId.replace(":", "%3A")}`).set("Authorization", t.owner);
  expect(byAccount.body.uuid).toBe(userUuid("user-03"));
  expect((await t.http.get("/2.0/workspaces/%61cme").set("Authorization", t.owner)).body.slug).toBe("acme");
});

test("When the path has broken percent-encoding, then it is 400, not a crash", async () => {
  expect((await t.http.get("/2.0/workspaces/%E0%A4%A").set("Authorization", t.owner)).status).toBe(400);
});

test("When a trailing slash is sent, then the route still matches", async () => {
  expect((await t.http.get("/2.0/workspaces/acme/").set("Authorization", t.owner)).status).toBe(200);
});
