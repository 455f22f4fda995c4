/**
 * `npm run load`: the app as production runs it (`dist/src/server.js`, one process per CPU through WEB_CONCURRENCY unless
 * LOAD_PROCESSES says otherwise, production's caches and worker polling, request logs at info into a file) against the
 * Bitbucket simulator with 50 workspaces installed, each with a project of 20 repositories and one finished job; then
 * autocannon (see ./load-client.ts for why it, and why a warm-up) drives the API's read routes at 200 connections, spreading
 * calls over the 50 workspaces, and prints requests per second, p50/p99 latency and errors of the time after the warm-up.
 * Target: job status p99 < 100 ms with no errors; the exit code says whether it was met.
 *
 * Env: LOAD_SECONDS (measured, default 10), LOAD_WARMUP_SECONDS (default 3), LOAD_CONNECTIONS (default 200),
 * LOAD_PROCESSES (default: the CPUs), TEST_DATABASE_URL (postgres://… to run on PostgreSQL; SQLite by default), LOAD_CPU_PROF (a folder: each app
 * process writes a V8 CPU profile there when it stops; summarise one with
 * `node --import tsx scripts/cpu-profile-summary.ts <file> 30 10` for the last 10 s), LOAD_ONLY (a route label prefix, e.g.
 * "job status", to measure or profile one route; the default and the documented figures run all three), LOAD_NODE_ARGS
 * (more node flags for the app's processes, which the serving processes inherit: `--require ./probe.js` to watch event-loop
 * delay or GC from inside, `--max-semi-space-size=64`, `--heapsnapshot-signal=SIGUSR2`).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import type { Job, JobStarted, Plan } from "../src/shared/api-contract";
import { aWorkspace, startSimulator } from "../test/bitbucket-sim";
import { createTestDatabaseUrl } from "../test/helpers/test-database";
import { APP_KEY, connectJwt } from "../test/integration/stack-install";
import { until } from "../test/reliability/app-child";
import { runLoad, type LoadFigures } from "./load-client";
import { startLoadServer } from "./load-server";

const WORKSPACES = 50;
const REPOS = 20;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.LOAD_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 200);
const PROCESSES = Number(process.env.LOAD_PROCESSES ?? availableParallelism());
const TOKEN = "load-api-token";

interface Tenant { slug: string; auth: string; jobId: string }

const say = (line: string) => { process.stdout.write(`${line}\n`); };

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0, switches: { rateLimitPerHour: 1_000_000 } });
  const db = await createTestDatabaseUrl();
  const dataDir = mkdtempSync(path.join(tmpdir(), "load-"));
  const app = await startLoadServer({
    databaseUrl: db.url, simUrl: sim.url, processes: PROCESSES, dataDir,
    execArgv: [
      ...(process.env.LOAD_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.LOAD_CPU_PROF}`] : []),
      ...(process.env.LOAD_NODE_ARGS ? process.env.LOAD_NODE_ARGS.split(" ").filter((arg) => arg !== "") : []),
    ],
  });
  try {
    say(`app at ${app.url} on ${db.url.split(":")[0] ?? "?"} in ${PROCESSES} process(es); installing ${WORKSPACES} workspaces…`);
    const tenants: Tenant[] = [];
    for (let n = 1; n <= WORKSPACES; n++) tenants.push(await installWorkspace(app.url, sim, `ws-${String(n).padStart(2, "0")}`));
    // The jobs run side by side: production's write pace (one permission write a second per admin) makes each take ~20 s.
    for (const { slug, auth, jobId } of tenants) {
      await until(`job of ${slug}`, async () => ((await request(app.url).get(`/api/jobs/${jobId}?items=none`).set("Authorization", auth).expect(200)).body as Job).state === "succeeded", 300_000);
    }
    say(`${WORKSPACES} workspaces installed, each with ${REPOS} repositories and one finished job`);

    const results: [string, LoadFigures][] = [];
    const only = process.env.LOAD_ONLY;
    for (const [label, path] of [
      ["access overview  GET /api/projects/LOAD/access", (_t: Tenant) => "/api/projects/LOAD/access"],
      ["job status       GET /api/jobs/{id}?items=none", (t: Tenant) => `/api/jobs/${t.jobId}?items=none`],
      ["job with items   GET /api/jobs/{id}", (t: Tenant) => `/api/jobs/${t.jobId}`],
    ] as const) {
      if (only && !label.startsWith(only)) continue;
      const requests = tenants.map((t) => ({ path: path(t), authorization: t.auth }));
      results.push([label, await runLoad({ url: app.url, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, requests })]);
    }

    say(`\nautocannon, ${CONNECTIONS} connections, ${SECONDS} s measured after ${WARMUP_SECONDS} s of warm-up per route, ${WORKSPACES} workspaces`);
    say("route                                            req/s    p50 ms  p99 ms  max ms  requests  errors");
    const ms = (n: number) => n.toFixed(1).padStart(8);
    for (const [label, r] of results) {
      say(`${label.padEnd(48)} ${r.requestsPerSecond.toFixed(0).padStart(6)}${ms(r.p50Ms)}${ms(r.p99Ms)}${ms(r.maxMs)} ${String(r.total).padStart(9)} ${String(r.errors).padStart(7)}`);
    }
    const status = results.find(([label]) => label.startsWith("job status"))?.[1];
    if (!status) throw new Error("no job status run");
    const ok = status.p99Ms < 100 && status.errors === 0;
    say(`\njob status target (p99 < 100 ms, no errors): ${ok ? "met" : "NOT met"}`);
    process.exitCode = ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`app output:\n${app.output()}\n`);
    throw error;
  } finally {
    await app.stop();
    await sim.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function installWorkspace(url: string, sim: Awaited<ReturnType<typeof startSimulator>>, slug: string): Promise<Tenant> {
  const builder = aWorkspace(slug).withOwner("olivia").withUser("alice").withGroup("developers", { members: ["alice"] })
    .withProject("LOAD", { repos: REPOS }).withApiToken("olivia", TOKEN);
  const fixture = builder.build();
  sim.seed(fixture);
  const ws = { slug, uuid: fixture.workspaces[0]?.uuid ?? "", clientKey: `connection:${slug}:${randomBytes(4).toString("hex")}`, sharedSecret: randomBytes(24).toString("base64url") };
  sim.registerInstallation({ ...ws, appKey: APP_KEY, workspaceUuid: ws.uuid });
  const installed = () => request(url).post("/installed").send({
    key: APP_KEY, eventType: "installed", productType: "bitbucket", clientKey: ws.clientKey, sharedSecret: ws.sharedSecret, publicKey: "-",
    baseUrl: "https://bitbucket.org", baseApiUrl: sim.url, principal: { type: "team", uuid: ws.uuid, username: slug, display_name: slug },
  });
  // Setup only, not measured: on SQLite, ACE's sequelize connection has no busy timeout and its write can lose the file
  // lock to the worker's polling (SQLITE_BUSY → 500); a first install is safe to send again.
  let status = 0;
  for (let attempt = 0; attempt < 5 && status !== 204; attempt++) status = (await installed()).status;
  if (status !== 204) throw new Error(`install of ${slug} answered ${status}`);
  const owner = builder.userUuid("olivia");
  const page = await request(url).get("/access").query({ workspace: slug, jwt: connectJwt(ws, "GET", "/access", { workspace: slug }, { sub: owner }) }).expect(200);
  const auth = `JWT ${page.headers["x-acpt"] as string}`;
  await request(url).put("/api/settings/credential").set("Authorization", auth).send({ email: `olivia@${slug}.example`, apiToken: TOKEN }).expect(204);
  const plan = (await request(url).post("/api/projects/LOAD/plans").set("Authorization", auth)
    .send({ principal: { type: "group", slug: "developers" }, permission: "write", scope: "repositories" }).expect(201)).body as Plan;
  const { jobId } = (await request(url).post(`/api/plans/${plan.id}/apply`).set("Authorization", auth).expect(202)).body as JobStarted;
  return { slug, auth, jobId };
}

main().catch((error: unknown) => {
  process.stderr.write(`load failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
