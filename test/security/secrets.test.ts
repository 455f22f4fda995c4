// Database-backed through ../integration/stack (test/helpers/test-database): .ci/run reruns this file on PostgreSQL.
import request from "supertest";
import { createQueryStringHash, encodeSymmetric, SymmetricAlgorithm } from "atlassian-jwt";
import type { Job, JobStarted, Plan } from "../../src/shared/api-contract";
import { OWNER_TOKEN, startStack, type ApiAs, type Seed, type Stack } from "../integration/stack";

const seed: Seed = (ws) => ws.withGroup("developers").withProject("PROJ", { repos: 4 }).withProject("DENY", { repos: 2 }).withApiToken("alice", "alice-secret-token");

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.?[A-Za-z0-9_-]*/g;
const b64 = (s: string) => Buffer.from(s).toString("base64");

/**
 * A full flow with errors (install, save credential, plan, apply, a refused write, Bitbucket down, bad tokens), recording
 * every answer and every log line; then the API token, the shared secret, the sealed token and JWTs are searched for.
 */
describe("Secrets after a full flow", () => {
  let stack: Stack;
  const logLines: string[] = [];
  const answers: { label: string; headers: Record<string, unknown>; body: string }[] = [];
  const jwtsSeen: string[] = [];

  const record = async (label: string, call: request.Test): Promise<request.Response> => {
    const res = await call;
    const headers = { ...res.headers } as Record<string, unknown>;
    if (typeof headers["x-acpt"] === "string") jwtsSeen.push(headers["x-acpt"]);
    answers.push({ label, headers, body: res.text });
    return res;
  };

  beforeAll(async () => {
    stack = await startStack({ seed, logLines });
    const o: ApiAs = stack.owner;
    await record("save credential", o.put("/api/settings/credential", { email: stack.acme.ownerEmail, apiToken: OWNER_TOKEN }).expect(204));
    await record("credential status", o.get("/api/settings/credential").expect(200));
    await record("wrong token", o.put("/api/settings/credential", { email: stack.acme.ownerEmail, apiToken: `${OWNER_TOKEN}-wrong` }).expect(400));
    await record("not an admin's token", o.put("/api/settings/credential", { email: "alice@acme.example", apiToken: "alice-secret-token" }).expect(403));
    await record("projects", o.get("/api/projects").expect(200));
    await record("access", o.get("/api/projects/PROJ/access").expect(200));
    await record("principals", o.get("/api/principals?query=a").expect(200));
    const plan = (await record("plan", o.post("/api/projects/PROJ/plans", { principal: { type: "group", slug: "developers" }, permission: "write", scope: "both" }).expect(201))).body as Plan;
    const { jobId } = (await record("apply", o.post(`/api/plans/${plan.id}/apply`).expect(202))).body as JobStarted;
    await stack.waitForJob(jobId);
    await record("job", o.get(`/api/jobs/${jobId}`).expect(200));

    stack.sim.setSwitches({ apiTokenMayWritePermissions: false });
    const denied = (await record("plan refused", o.post("/api/projects/DENY/plans", { principal: { type: "group", slug: "developers" }, permission: "admin", scope: "repositories" }).expect(201))).body as Plan;
    const refusedJob = ((await record("apply refused", o.post(`/api/plans/${denied.id}/apply`).expect(202))).body as JobStarted).jobId;
    expect((await stack.waitForJob(refusedJob)).state).toBe("failed");
    await record("refused job", o.get(`/api/jobs/${refusedJob}`).expect(200));
    stack.sim.setSwitches({ apiTokenMayWritePermissions: true });

    stack.sim.setFaults([{ pathGlob: "/2.0/**", status: 500 }]);
    await record("Bitbucket down", o.get("/api/projects/PROJ/access?refresh=true"));
    stack.sim.setFaults([]);

    await record("jobs", o.get("/api/jobs").expect(200));
    await record("audit", o.get("/api/audit").expect(200));
    await record("audit csv", o.get("/api/audit?format=csv").expect(200));
    await record("invalid JSON", request(stack.app).put("/api/settings/credential").set("Authorization", `JWT ${jwtsSeen.at(-1) ?? ""}`).set("Content-Type", "application/json").send(`{"apiToken":"${OWNER_TOKEN}"`).expect(400));
    const forged = encodeSymmetric({ iss: stack.acme.clientKey, aud: stack.acme.clientKey, sub: stack.acme.ownerUuid, iat: 1, exp: 9_999_999_999, qsh: createQueryStringHash({ method: "GET", pathname: "/access", query: {} }) }, "wrong-secret", SymmetricAlgorithm.HS256);
    jwtsSeen.push(forged);
    await record("forged page", request(stack.app).get("/access").query({ jwt: forged }).expect(401));
    await record("forged api", request(stack.app).get("/api/settings").set("Authorization", `JWT ${forged}`).expect(401));
    const member = await stack.as(stack.acme, stack.acme.memberUuid);
    await record("member", member.get("/api/settings/credential").expect(403));
  });
  afterAll(async () => { await stack.close(); });

  const sealed = async (): Promise<string> => {
    const row = (await stack.db.knex("write_credentials").where({ client_key: stack.acme.clientKey }).first()) as { token_sealed: string } | undefined;
    if (!row) throw new Error("no stored credential");
    return row.token_sealed;
  };
  const secrets = async () => [
    OWNER_TOKEN, b64(OWNER_TOKEN), b64(`${stack.acme.ownerEmail}:${OWNER_TOKEN}`), "alice-secret-token", stack.acme.sharedSecret, await sealed(),
  ];

  test("When every answer is searched, then no API token, shared secret or sealed token is in a body or header, and JWTs only in X-acpt", async () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const a of answers) {
      const headersWithoutSession = JSON.stringify({ ...a.headers, "x-acpt": undefined });
      for (const s of await secrets()) {
        expect({ label: a.label, leaked: a.body.includes(s) || headersWithoutSession.includes(s) }).toEqual({ label: a.label, leaked: false });
      }
      expect({ label: a.label, jwts: [...a.body.matchAll(JWT_LIKE), ...headersWithoutSession.matchAll(JWT_LIKE)].map((m) => m[0]) }).toEqual({ label: a.label, jwts: [] });
    }
  });

  test("When every log line is searched, then no API token, shared secret, sealed token or JWT (or a part of one) is there", async () => {
    const log = logLines.join("");
    expect(log).toContain("request refused");
    for (const s of await secrets()) expect(log).not.toContain(s);
    expect([...log.matchAll(JWT_LIKE)].map((m) => m[0])).toEqual([]);
    for (const token of jwtsSeen) {
      for (const part of token.split(".").filter((p) => p.length > 10)) expect(log).not.toContain(part);
    }
  });

  test("When error messages are read (job items, refusals), then they say why without any secret", () => {
    const refused = answers.find((a) => a.label === "refused job");
    const job = JSON.parse(refused?.body ?? "{}") as Job;
    expect(job.items.every((i) => typeof i.error === "string" && i.error.length > 0)).toBe(true);
    const down = answers.find((a) => a.label === "Bitbucket down");
    expect(down?.body).toMatch(/BITBUCKET_UNAVAILABLE/);
  });

  test("When the database is read, then the token is held only sealed (AES-256-GCM), never in clear or base64, in any table", async () => {
    const token = await sealed();
    expect(token).toMatch(/^v\d+:/);
    expect(token).not.toContain(OWNER_TOKEN);
    const tables = stack.db.dialect === "postgres"
      ? (await stack.db.knex.raw<{ rows: { name: string }[] }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows
      : await stack.db.knex.raw<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const { name } of tables) {
      const dump = JSON.stringify(await stack.db.knex(name).select());
      for (const s of [OWNER_TOKEN, b64(OWNER_TOKEN), "alice-secret-token"]) expect({ table: name, leaked: dump.includes(s) }).toEqual({ table: name, leaked: false });
    }
  });
});
