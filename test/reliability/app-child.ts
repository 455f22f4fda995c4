import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import request from "supertest";
import type { AuditResponse, Job, JobStarted, Plan } from "../../src/shared/api-contract";
import { aWorkspace, startSimulator, type RunningSimulator } from "../bitbucket-sim";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../helpers/test-database";
import { simGrants } from "../integration/sim-state";
import { APP_KEY, connectJwt, type InstalledWorkspace } from "../integration/stack-install";

const ENTRY = path.join(__dirname, "app-process.ts");
const ROOT = path.join(__dirname, "..", "..");

/** An app instance in its own process (test/reliability/app-process.ts). */
export interface AppChild {
  readonly url: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (null after a signal). */
  readonly exited: Promise<number | null>;
  /** SIGKILL: no shutdown code runs, in-flight items are left with their leases. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

/** Starts app-process.ts with `node --import tsx` and waits for its READY line. */
export async function spawnApp(env: {
  databaseUrl: string; simUrl: string; secretKeyHex: string; workerId: string; leaseMs?: number; adminCacheTtlMs?: number; workerPollMs?: number;
  /** Extra node flags for the child, e.g. `--cpu-prof` (the load script's LOAD_CPU_PROF). */
  execArgv?: readonly string[];
}): Promise<AppChild> {
  const child = spawn(process.execPath, [...(env.execArgv ?? []), "--import", "tsx", ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: env.databaseUrl, BITBUCKET_API_BASE: env.simUrl,
      APP_SECRET_KEY: env.secretKeyHex, WORKER_ID: env.workerId, LEASE_MS: String(env.leaseMs ?? 1000), LOG_LEVEL: "warn",
      ADMIN_CACHE_TTL_MS: String(env.adminCacheTtlMs ?? 0), WORKER_POLL_MS: String(env.workerPollMs ?? 10),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr.on("data", (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => { child.once("exit", (code) => { resolve(code); }); });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`app-process did not start in 30 s: ${out.slice(-2000)}`)); }, 30_000);
    let buffer = "";
    child.stdout.on("data", (d: Buffer) => {
      buffer += d.toString();
      const m = /READY (\d+)/.exec(buffer);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`app-process exited (${String(code)}): ${out.slice(-2000)}`)); });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    exited,
    async kill9() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
    output: () => out,
  };
}

/** An /api client for one workspace admin against a child's URL. */
export interface RemoteApi {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
}

export async function remoteAs(url: string, ws: InstalledWorkspace, userUuid: string): Promise<RemoteApi> {
  const query = { workspace: ws.slug };
  const jwt = connectJwt(ws, "GET", "/access", query, { sub: userUuid });
  const page = await request(url).get("/access").query({ ...query, jwt }).expect(200);
  const auth = `JWT ${page.headers["x-acpt"] as string}`;
  return {
    get: (p) => request(url).get(p).set("Authorization", auth),
    post: (p, body) => request(url).post(p).set("Authorization", auth).send(body ?? {}),
    put: (p, body) => request(url).put(p).set("Authorization", auth).send(body ?? {}),
  };
}

export const until = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

export const WRITES = "/2.0/repositories/acme/*/permissions-config/**";
export const OWNER_TOKEN = "olivia-api-token";

/**
 * The world of a process test: a simulator with workspace acme (project KEY with `repos` repositories, group developers),
 * a scratch database, and one shared APP_SECRET_KEY so every instance can unseal the stored credential.
 */
export interface ProcessWorld {
  readonly sim: RunningSimulator;
  readonly db: TestDatabaseUrl;
  readonly ws: InstalledWorkspace & { ownerUuid: string; ownerEmail: string };
  readonly secretKeyHex: string;
  readonly children: AppChild[];
  spawn(workerId: string, databaseUrl?: string): Promise<AppChild>;
  /** Installs into `child`, saves the credential, plans "developers get write on every repository" and applies it. */
  startJob(child: AppChild, projectKey: string): Promise<{ jobId: string; total: number }>;
  /** Successful permission PUTs seen by the simulator. */
  okWrites(): number;
  close(): Promise<void>;
}

export async function createProcessWorld(projects: Record<string, number>): Promise<ProcessWorld> {
  const sim = await startSimulator({ port: 0, switches: { rateLimitPerHour: 1_000_000 } });
  let builder = aWorkspace("acme").withOwner("olivia").withUser("alice").withGroup("developers").withApiToken("olivia", OWNER_TOKEN);
  for (const [key, repos] of Object.entries(projects)) builder = builder.withProject(key, { repos });
  const fixture = builder.build();
  sim.seed(fixture);
  const uuid = fixture.workspaces[0]?.uuid ?? "";
  const ws = {
    slug: "acme", uuid, clientKey: `connection:acme:${randomBytes(4).toString("hex")}`, sharedSecret: `secret-${randomBytes(24).toString("base64url")}`,
    ownerUuid: builder.userUuid("olivia"), ownerEmail: "olivia@acme.example",
  };
  sim.registerInstallation({ clientKey: ws.clientKey, sharedSecret: ws.sharedSecret, appKey: APP_KEY, workspaceUuid: ws.uuid });
  const db = await createTestDatabaseUrl();
  const secretKeyHex = randomBytes(32).toString("hex");
  const children: AppChild[] = [];
  let installed = false;

  return {
    sim, db, ws, secretKeyHex, children,
    async spawn(workerId, databaseUrl = db.url) {
      const child = await spawnApp({ databaseUrl, simUrl: sim.url, secretKeyHex, workerId });
      children.push(child);
      return child;
    },
    async startJob(child, projectKey) {
      if (!installed) {
        await request(child.url).post("/installed").send({
          key: APP_KEY, eventType: "installed", productType: "bitbucket", clientKey: ws.clientKey, sharedSecret: ws.sharedSecret,
          publicKey: "not-used", baseUrl: "https://bitbucket.org", baseApiUrl: sim.url,
          principal: { type: "team", uuid: ws.uuid, username: ws.slug, display_name: ws.slug }, user: { type: "user", uuid: ws.ownerUuid },
        }).expect(204);
        installed = true;
      }
      const api = await remoteAs(child.url, ws, ws.ownerUuid);
      await api.put("/api/settings/credential", { email: ws.ownerEmail, apiToken: OWNER_TOKEN }).expect(204);
      await api.put("/api/settings", { hourlyCallBudget: 10_000, concurrency: 8 }).expect(200);
      const plan = (await api.post(`/api/projects/${projectKey}/plans`, {
        principal: { type: "group", slug: "developers" }, permission: "write", scope: "repositories",
      }).expect(201)).body as Plan;
      const { jobId } = (await api.post(`/api/plans/${plan.id}/apply`).expect(202)).body as JobStarted;
      return { jobId, total: plan.items.length };
    },
    okWrites: () => sim.requests().filter((r) => r.method === "PUT" && r.status === 200 && r.path.includes("/permissions-config/")).length,
    async close() {
      await Promise.all(children.map((c) => c.stop()));
      await sim.close();
      await db.drop();
    },
  };
}

/** Waits for the job through `child`'s API and checks: every item done once, one audit row each, Bitbucket holds `write`. */
export async function expectCompletedExactlyOnce(world: ProcessWorld, child: AppChild, jobId: string, projectKey: string, total: number): Promise<Job> {
  const api = await remoteAs(child.url, world.ws, world.ws.ownerUuid);
  let job: Job | undefined;
  await until(`job ${jobId} finished`, async () => {
    job = (await api.get(`/api/jobs/${jobId}`).expect(200)).body as Job;
    return job.state !== "queued" && job.state !== "running";
  }, 60_000);
  const finished = job!;
  expect(finished).toMatchObject({ state: "succeeded", total, done: total, failed: 0, cancelled: 0 });
  expect(new Set(finished.items.map((i) => i.repository?.uuid)).size).toBe(total);
  const audit = ((await api.get(`/api/audit?project=${projectKey}&limit=10000`).expect(200)).body as AuditResponse).values.filter((e) => e.jobId === jobId);
  expect(audit).toHaveLength(total);
  expect(new Set(audit.map((e) => e.repository?.uuid)).size).toBe(total);
  expect(audit.every((e) => e.result === "done")).toBe(true);
  const bitbucket = simGrants(world.sim, "acme");
  const wrong = bitbucket.repositories(projectKey).filter((slug) => bitbucket.repository(slug)["group:developers"] !== "write");
  expect(wrong).toEqual([]);
  return finished;
}
