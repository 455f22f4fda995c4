// Database-backed through ../integration/stack (test/helpers/test-database).
import request from "supertest";
import type { ApiErrorBody, JobsResponse, JobStarted, Plan } from "../../src/shared/api-contract";
import { permissionWrites } from "../integration/sim-state";
import { startStack, type Seed, type Stack } from "../integration/stack";

const seed: Seed = (ws) => ws.withGroup("developers").withProject("PROJ", { repos: 3 });

/** Every bad value carries this marker, so the simulator's request log shows whether any of it reached Bitbucket. */
const MARK = "evilmark";

/** Path segments an attacker would try for a project key or an id (written as they go on the wire). */
const BAD_SEGMENTS = [
  `..%2F${MARK}`, `${MARK}%2F..%2F..`, `%2e%2e%2f${MARK}`, `${MARK}%252F..`, `${MARK}%00`, `${MARK}%0D%0AX-Evil:%201`,
  `${MARK}%20OR%201=1`, `${MARK}${"x".repeat(300)}`, `${MARK}%`, `%C3%A9${MARK}`, `${MARK};x`, `${MARK}'"<>`,
];
/** The same as query values (URL-encoded by the test). */
const BAD_VALUES = [`../${MARK}`, `${MARK}/../..`, `${MARK}\u0000`, `${MARK}\r\nX-Evil: 1`, `${MARK}${"x".repeat(5000)}`, `${MARK}"'<>`];

const planBody = { principal: { type: "group", slug: "developers" }, permission: "read", scope: "repositories" };
/** Plan bodies that must be refused: wrong types, unknown enum values and keys, path tricks and oversized strings. */
const BAD_PLAN_BODIES: [string, unknown][] = [
  ["an empty object", {}],
  ["an array", [planBody]],
  ["null", null],
  ["a number", 42],
  ["principal as a string", { ...planBody, principal: `group:${MARK}` }],
  ["permission as a number", { ...planBody, permission: 3 }],
  ["scope as an array", { ...planBody, scope: ["project"] }],
  ["an unknown permission", { ...planBody, permission: "owner" }],
  ["an unknown scope", { ...planBody, scope: "workspace" }],
  ["an unknown principal type", { ...planBody, principal: { type: "robot", slug: MARK } }],
  ["an unknown key", { ...planBody, extra: MARK }],
  ["a __proto__ key", JSON.parse(`{"principal":{"type":"group","slug":"developers"},"permission":"read","scope":"repositories","__proto__":{"polluted":"${MARK}"}}`) as unknown],
  ...BAD_VALUES.map((v): [string, unknown] => [`group slug ${JSON.stringify(v.slice(0, 24))}`, { ...planBody, principal: { type: "group", slug: v } }]),
  ...BAD_VALUES.map((v): [string, unknown] => [`user id ${JSON.stringify(v.slice(0, 24))}`, { ...planBody, principal: { type: "user", id: v } }]),
  ...BAD_VALUES.map((v): [string, unknown] => [`include pattern ${JSON.stringify(v.slice(0, 24))}`, { ...planBody, repositories: { include: [v] } }]),
  ["101 patterns", { ...planBody, repositories: { include: Array.from({ length: 101 }, (_, i) => `r${i}`) } }],
  ["alsoForNewRepositories as a string", { ...planBody, alsoForNewRepositories: "true" }],
  ["create-repo on repositories", { ...planBody, permission: "create-repo" }],
];

describe("Bad input on every route", () => {
  let stack: Stack;
  let planId: string;
  let jobId: string;
  beforeAll(async () => {
    stack = await startStack({ seed });
    const plan = (await stack.owner.post("/api/projects/PROJ/plans", planBody).expect(201)).body as Plan;
    planId = plan.id;
    jobId = ((await stack.owner.post(`/api/plans/${plan.id}/apply`).expect(202)).body as JobStarted).jobId;
    await stack.waitForJob(jobId);
    stack.sim.clearRequests();
  });
  afterAll(async () => { await stack.close(); });

  /** A clear 4xx with the error body (Node itself answers 431 for an oversized URL, without a body). */
  const expectClientError = (res: request.Response, label: string, status?: number) => {
    const seen = { label, status: res.status };
    if (status === undefined) {
      expect(seen.status >= 400 && seen.status < 500 ? "4xx" : seen).toBe("4xx");
    } else {
      expect(seen).toEqual({ label, status });
    }
    if (res.status !== 431) expect((res.body as ApiErrorBody).error.code).toMatch(/^[A-Z_]+$/);
  };

  test("When project keys and ids carry ../, %2F, NUL, CRLF and overlong values, then every route answers 4xx", async () => {
    const routes = [
      (s: string) => stack.owner.get(`/api/projects/${s}/access`),
      (s: string) => stack.owner.post(`/api/projects/${s}/plans`, planBody),
      (s: string) => stack.owner.post(`/api/plans/${s}/apply`),
      (s: string) => stack.owner.get(`/api/jobs/${s}`),
      (s: string) => stack.owner.post(`/api/jobs/${s}/cancel`),
      (s: string) => stack.owner.post(`/api/jobs/${s}/retry`),
      (s: string) => stack.owner.post(`/api/jobs/${s}/undo`),
    ];
    for (const segment of [...BAD_SEGMENTS, `../${MARK}`, "x".repeat(20_000)]) {
      for (const [i, route] of routes.entries()) expectClientError(await route(segment), `route ${i} with ${segment.slice(0, 30)}`);
    }
  });

  test("When query parameters are malformed, unknown or overlong, then 400", async () => {
    const cases: [string, string][] = [];
    for (const v of BAD_VALUES) {
      const q = encodeURIComponent(v);
      cases.push(
        [`access principal=user:${v.slice(0, 20)}`, `/api/projects/PROJ/access?principal=user:${q}`],
        [`access principal=group:${v.slice(0, 20)}`, `/api/projects/PROJ/access?principal=group:${q}`],
        [`access refresh=${v.slice(0, 20)}`, `/api/projects/PROJ/access?refresh=${q}`],
        [`jobs project=${v.slice(0, 20)}`, `/api/jobs?project=${q}`],
        [`jobs limit=${v.slice(0, 20)}`, `/api/jobs?limit=${q}`],
        [`job items=${v.slice(0, 20)}`, `/api/jobs/${jobId}?items=${q}`],
        [`audit since=${v.slice(0, 20)}`, `/api/audit?since=${q}`],
        [`audit until=${v.slice(0, 20)}`, `/api/audit?until=${q}`],
        [`audit format=${v.slice(0, 20)}`, `/api/audit?format=${q}`],
        [`audit project=${v.slice(0, 20)}`, `/api/audit?project=${q}`],
        [`audit principal=user:${v.slice(0, 20)}`, `/api/audit?principal=user:${q}`],
        [`audit principal=group:${v.slice(0, 20)}`, `/api/audit?principal=group:${q}`],
        [`principals project=${v.slice(0, 20)}`, `/api/principals?project=${q}`],
      );
    }
    cases.push(
      ["jobs limit=-1", "/api/jobs?limit=-1"], ["jobs limit=1e9", "/api/jobs?limit=1000000000"], ["audit limit=0", "/api/audit?limit=0"],
      ["principals query over 100 characters", `/api/principals?query=${"a".repeat(101)}`], ["access principal=nobody", "/api/projects/PROJ/access?principal=nobody"],
      ["jobs limit given twice", "/api/jobs?limit=1&limit=2"], ["audit format given twice", "/api/audit?format=csv&format=json"],
      ["audit project as an object", "/api/audit?project[a]=b"],
    );
    for (const [label, url] of cases) expectClientError(await stack.owner.get(url), label, 400);
  });

  test("When a free-text search carries NUL, CRLF or ../, then it is only a search (never sent to Bitbucket)", async () => {
    for (const v of BAD_VALUES.filter((x) => x.length < 100)) await stack.owner.get(`/api/principals?query=${encodeURIComponent(v)}`).expect(200);
  });

  test.each(BAD_PLAN_BODIES)("When a plan is asked for with %s, then 400 VALIDATION_FAILED (INVALID_JSON for a non-object)", async (label, body) => {
    const res = await request(stack.app).post("/api/projects/PROJ/plans").set("Authorization", (await tokenOf()).auth)
      .set("Content-Type", "application/json").send(JSON.stringify(body));
    expectClientError(res, label, 400);
    expect((res.body as ApiErrorBody).error.code).toBe(typeof body === "object" && body !== null ? "VALIDATION_FAILED" : "INVALID_JSON");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const bodyRoutes: [string, string][] = [
    ["POST", "/api/projects/PROJ/plans"], ["PUT", "/api/settings"], ["PUT", "/api/settings/credential"],
  ];
  let cachedAuth: { auth: string } | undefined;
  async function tokenOf(): Promise<{ auth: string }> {
    if (cachedAuth) return cachedAuth;
    const res = await stack.owner.get("/api/settings").expect(200);
    cachedAuth = { auth: `JWT ${res.headers["x-acpt"] as string}` };
    return cachedAuth;
  }
  const raw = async (method: string, path: string, contentType: string, body: string) =>
    request(stack.app)[method.toLowerCase() as "post" | "put"](path).set("Authorization", (await tokenOf()).auth).set("Content-Type", contentType).send(body);

  test("When a body is invalid JSON, over 100 kB, in an unsupported charset or deeply nested, then 400, 413 or 415", async () => {
    const routes = [...bodyRoutes, ["POST", `/api/plans/${planId}/apply`], ["POST", `/api/jobs/${jobId}/cancel`], ["POST", `/api/jobs/${jobId}/undo`], ["DELETE", "/api/settings/credential"]];
    for (const [method, path] of routes as [string, string][]) {
      const label = `${method} ${path}`;
      const call = (ct: string, body: string) => raw(method === "DELETE" ? "delete" : method, path, ct, body);
      expectClientError(await call("application/json", `{"principal": ${MARK}`), `${label} invalid JSON`, 400);
      expectClientError(await call("application/json", JSON.stringify({ pad: MARK.repeat(13_000) })), `${label} 104 kB`, 413);
      expectClientError(await call("application/json; charset=latin1", "{}"), `${label} latin1`, 415);
    }
    // Valid JSON 45,000 arrays deep: the routes that read a body must refuse it without a stack overflow.
    for (const [method, path] of bodyRoutes) {
      expectClientError(await raw(method, path, "application/json", `${"[".repeat(45_000)}${"]".repeat(45_000)}`), `${method} ${path} nested`, 400);
    }
  });

  test("When settings and credentials get wrong types, control characters or overlong strings, then 400", async () => {
    const settings: unknown[] = [
      { hourlyCallBudget: "900", concurrency: 4 }, { hourlyCallBudget: 900, concurrency: [4] }, { hourlyCallBudget: 1e308, concurrency: 4 },
      { hourlyCallBudget: -1, concurrency: 4 }, { hourlyCallBudget: 900, concurrency: 4, evil: MARK }, "900", [],
    ];
    for (const body of settings) expectClientError(await raw("PUT", "/api/settings", "application/json", JSON.stringify(body)), `settings ${JSON.stringify(body)}`, 400);
    const credentials: unknown[] = [
      { email: 5, apiToken: "t" }, { email: "a@b.example", apiToken: 5 }, { email: "a@b.example" }, { email: `a@b.example\r\n${MARK}`, apiToken: "t" },
      { email: `${MARK}@b.example`, apiToken: `t\r\nX-Evil: ${MARK}` }, { email: `${MARK}@b.example`, apiToken: `t\u0000${MARK}` },
      { email: `${MARK}@b.example`, apiToken: "t".repeat(2001) }, { email: `${"a".repeat(400)}@${MARK}.example`, apiToken: "t" },
      { email: `${MARK}@b.example`, apiToken: "t", extra: 1 },
    ];
    const callsBefore = stack.sim.requests().filter((r) => r.path === "/2.0/user").length;
    for (const body of credentials) {
      expectClientError(await raw("PUT", "/api/settings/credential", "application/json", JSON.stringify(body)), `credential ${JSON.stringify(body).slice(0, 60)}`, 400);
    }
    expect((await stack.owner.get("/api/settings/credential").expect(200)).body).toMatchObject({ configured: true });
    // Refused before the token was tried against Bitbucket.
    expect(stack.sim.requests().filter((r) => r.path === "/2.0/user")).toHaveLength(callsBefore);
  });

  test("When all the bad input above has been sent, then none of it reached Bitbucket and nothing was written", async () => {
    const reached = stack.sim.requests().filter((r) => `${r.path} ${JSON.stringify(r.query)}`.toLowerCase().includes(MARK));
    expect(reached).toEqual([]);
    expect(permissionWrites(stack.sim)).toEqual([]);
    expect(((await stack.owner.get("/api/jobs").expect(200)).body as JobsResponse).values).toHaveLength(1);
  });
});
