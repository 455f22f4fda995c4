import { bearerHeader } from "./auth-headers";
import { ACME_UUID, startTestSim, type TestSim, tokenFor } from "./test-support";

let t: TestSim;
beforeEach(async () => { t = await startTestSim({ switches: { rateLimitPerHour: 5 } }); });
afterEach(async () => { await t.sim.close(); });

const REPO = "/2.0/repositories/acme/plat-repo-001";
const burn = async (n: number, auth: () => string, path = REPO): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await t.http.get(path).set("Authorization", auth())).status);
  return statuses;
};

test("When a bucket spends its 5 calls, then the 6th is 429 text/plain with the Bitbucket body and no Retry-After", async () => {
  expect(await burn(5, () => t.owner)).toEqual([200, 200, 200, 200, 200]);
  const res = await t.http.get(REPO).set("Authorization", t.owner);
  expect(res.status).toBe(429);
  expect(res.headers["content-type"]).toMatch(/^text\/plain/);
  expect(res.text).toBe("Rate limit for this resource has been exceeded");
  expect(res.headers["retry-after"]).toBeUndefined();
});

test("When the window rolls past the first calls, then calls are allowed again one by one", async () => {
  await burn(3, () => t.owner);
  t.sim.clock.advance(30 * 60_000);
  await burn(2, () => t.owner);
  expect((await burn(1, () => t.owner))[0]).toBe(429);
  t.sim.clock.advance(30 * 60_000 + 1); // the first three fall out of the hour
  expect(await burn(3, () => t.owner)).toEqual([200, 200, 200]);
  expect((await burn(1, () => t.owner))[0]).toBe(429);
});

test("When timeScale is 3600, then the window is one simulated second", async () => {
  t.sim.setSwitches({ timeScale: 3600 });
  await burn(5, () => t.owner);
  expect((await burn(1, () => t.owner))[0]).toBe(429);
  t.sim.clock.advance(1001);
  expect((await burn(1, () => t.owner))[0]).toBe(200);
});

test("When different credentials call, then each has its own bucket (JWT per installation, token per user)", async () => {
  await burn(5, () => t.owner);
  expect((await burn(1, () => t.jwt("GET", REPO)))[0]).toBe(200);
  expect((await burn(1, () => tokenFor(t, "adam-admin")))[0]).toBe(200);
});

test("When two API tokens belong to one user, then they share that user's bucket", async () => {
  await burn(5, () => t.owner);
  t.sim.addApiToken({ email: "olivia-owner@acme.example", token: "second", userUuid: t.sim.requests()[0]!.identity! });
  const res = await t.http.get(REPO).set("Authorization", `Basic ${Buffer.from("olivia-owner@acme.example:second").toString("base64")}`);
  expect(res.status).toBe(429);
});

test("When retryAfterOn429 is set, then the 429 carries Retry-After in seconds", async () => {
  t.sim.setSwitches({ retryAfterOn429: 120 });
  await burn(5, () => t.owner);
  expect((await t.http.get(REPO).set("Authorization", t.owner)).headers["retry-after"]).toBe("120");
});

test("When rateLimitWorkspaces is off, then /2.0/workspaces/* is not counted; /2.0/user never is", async () => {
  t.sim.setSwitches({ rateLimitWorkspaces: false });
  expect(await burn(7, () => t.owner, "/2.0/workspaces/acme/projects")).not.toContain(429);
  expect(await burn(7, () => t.owner, "/2.0/user")).not.toContain(429);
  t.sim.setSwitches({ rateLimitWorkspaces: true });
  expect(await burn(6, () => t.owner, "/2.0/workspaces/acme/projects")).toContain(429);
});

test("When an access token calls, then X-RateLimit headers are echoed", async () => {
  t.sim.addBearerToken({ token: "at", kind: "access-token", workspaceUuid: ACME_UUID, id: "at-1" });
  const res = await t.http.get(REPO).set("Authorization", bearerHeader("at"));
  expect(res.headers["x-ratelimit-limit"]).toBe("5");
  expect(res.headers["x-ratelimit-nearlimit"]).toBe("false");
});
