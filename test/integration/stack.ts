import { randomBytes } from "node:crypto";
import type express from "express";
import request from "supertest";
import { closeApp, createApp } from "../../src/app";
import { readConfig } from "../../src/config/env";
import { installationLookup } from "../../src/connect/installations";
import { WebhookEvents } from "../../src/connect/webhooks";
import { openDatabase, type Database } from "../../src/db/database";
import { createEngine, type Engine, type EngineTuning } from "../../src/engine";
import { engineApiRoutes } from "../../src/http/api";
import type { JobWorker } from "../../src/jobs";
import { createLogger } from "../../src/log/logger";
import type { ApiErrorBody, Job } from "../../src/shared/api-contract";
import { aWorkspace, startSimulator, type RunningSimulator, type Switches, type WorkspaceBuilder } from "../bitbucket-sim";
import { createTestDatabaseUrl, type TestDatabaseUrl } from "../helpers/test-database";
import { APP_KEY, deliverWebhooks, installInto, sessionTokenFor, type InstalledWorkspace } from "./stack-install";

export const OWNER_TOKEN = "olivia-api-token";

/** Adds to the seeded workspace. */
export type Seed = (ws: WorkspaceBuilder) => WorkspaceBuilder;

/** Times shrunk so a job with retries ends in well under a second; the policy is production's otherwise. */
export const FAST_TUNING: EngineTuning = {
  retry: { baseMs: 1, maxDelayMs: 5 },
  throttle: { write: { maxConcurrent: 4, minTimeMs: 0 } },
  outcomePolicy: { backoff: { baseMs: 10, factor: 2, maxMs: 100, jitter: 0 } },
};

/** A workspace as the tests see it: its installation and the people in it. */
export interface StackWorkspace extends InstalledWorkspace {
  readonly builder: WorkspaceBuilder;
  /** olivia: workspace owner, with API token OWNER_TOKEN. */
  readonly ownerUuid: string;
  readonly ownerEmail: string;
  /** alice: a plain member (not an admin of anything unless a test grants it). */
  readonly memberUuid: string;
  uuidOf(nickname: string): string;
}

export interface StackOptions {
  /** Adds projects, users and grants to workspace "acme" (owner olivia, member alice, already there). */
  readonly seed?: Seed;
  readonly switches?: Partial<Switches>;
  /** Also install a second workspace, "globex", with its own owner (for cross-workspace checks). */
  readonly second?: boolean;
  /** false: no worker is started (a test starts its own). */
  readonly worker?: boolean;
  /** false: no write credential is saved. */
  readonly credential?: boolean;
  readonly tuning?: EngineTuning;
  /** Receives every log line of the app and the engine (at debug level); silent without it. */
  readonly logLines?: string[];
}

/** An HTTP client for /api as one user of one workspace. */
export interface ApiAs {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

export interface Stack {
  readonly sim: RunningSimulator;
  readonly app: express.Express;
  readonly db: Database;
  readonly dbUrl: string;
  readonly engine: Engine;
  readonly acme: StackWorkspace;
  readonly globex: StackWorkspace | undefined;
  /** The owner of acme. */
  readonly owner: ApiAs;
  as(ws: StackWorkspace, userUuid: string): Promise<ApiAs>;
  /** Starts a worker over the stack's engine (the harness stops it on close). */
  startWorker(id?: string, options?: { leaseMs?: number; maxInFlight?: number }): JobWorker;
  /** Polls the job until it is finished; fails after `timeoutMs`. */
  waitForJob(jobId: string, timeoutMs?: number): Promise<Job>;
  /** Awaits every webhook delivered so far. */
  webhooksDelivered(): Promise<void>;
  close(): Promise<void>;
}

function workspaceOf(builder: WorkspaceBuilder, slug: string, uuid: string): StackWorkspace {
  return {
    builder, slug, uuid, clientKey: `connection:${slug}:${randomBytes(4).toString("hex")}`,
    sharedSecret: `secret-${randomBytes(24).toString("base64url")}`, ownerUuid: builder.userUuid("olivia"), ownerEmail: `olivia@${slug}.example`,
    memberUuid: builder.userUuid("alice"), uuidOf: (n) => builder.userUuid(n),
  };
}

/**
 * App + worker + simulator in one process, on port 0 and a scratch database (SQLite, or PostgreSQL under TEST_DATABASE_URL):
 * the simulator seeded, the app installed into it like Bitbucket installs it, a write credential saved through the API.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = await startSimulator({ port: 0, ...(options.switches ? { switches: options.switches } : {}) });
  const testDb: TestDatabaseUrl = await createTestDatabaseUrl();
  const workspaces: StackWorkspace[] = [];
  const add = (slug: string, seed: (b: WorkspaceBuilder) => WorkspaceBuilder) => {
    const builder = seed(aWorkspace(slug).withOwner("olivia").withUser("alice")).withApiToken("olivia", OWNER_TOKEN);
    const fixture = builder.build();
    sim.seed(fixture);
    const ws = workspaceOf(builder, slug, fixture.workspaces[0]?.uuid ?? "");
    workspaces.push(ws);
    return ws;
  };
  const acme = add("acme", options.seed ?? ((b) => b));
  const globex = options.second === true ? add("globex", (b) => b.withProject("GLOB", { repos: 2 })) : undefined;

  const config = readConfig({
    NODE_ENV: "test", DATABASE_URL: testDb.url, AC_LOCAL_BASE_URL: "https://app.example.test", AC_HOST_WHITELIST: "127.0.0.1,localhost",
    BITBUCKET_API_BASE: sim.url, LOG_LEVEL: "silent",
  });
  const db = await openDatabase(config.databaseUrl);
  const lines = options.logLines;
  const logger = lines ? createLogger("debug", { write: (line: string) => { lines.push(line); } }) : createLogger("silent");
  const engine = createEngine({
    db, clock: () => Date.now(), bitbucketApiBase: sim.url, secretKey: randomBytes(32), appKey: APP_KEY,
    installationOf: installationLookup(db), logger, tuning: options.tuning ?? FAST_TUNING,
  });
  const webhooks = new WebhookEvents();
  webhooks.subscribe((event) => engine.webhooks.handle(event));
  const app = await createApp({ config, db, logger, env: {}, webhooks, apiRoutes: engineApiRoutes(engine), adminCacheTtlMs: 0 });
  const webhooksDelivered = deliverWebhooks(app, sim, workspaces);
  for (const ws of workspaces) await installInto(app, sim, ws);

  const as = async (ws: StackWorkspace, userUuid: string): Promise<ApiAs> => {
    const token = await sessionTokenFor(app, ws, userUuid);
    const auth = (t: request.Test) => t.set("Authorization", `JWT ${token}`);
    return {
      get: (path) => auth(request(app).get(path)),
      post: (path, body) => auth(request(app).post(path)).send(body ?? {}),
      put: (path, body) => auth(request(app).put(path)).send(body ?? {}),
      delete: (path) => auth(request(app).delete(path)),
    };
  };
  const owner = await as(acme, acme.ownerUuid);
  if (options.credential !== false) {
    for (const ws of workspaces) {
      await (await as(ws, ws.ownerUuid)).put("/api/settings/credential", { email: ws.ownerEmail, apiToken: OWNER_TOKEN }).expect(204);
    }
  }

  const workers: JobWorker[] = [];
  const startWorker: Stack["startWorker"] = (id = `worker-${randomBytes(3).toString("hex")}`, o = {}) => {
    const worker = engine.createWorker({ workerId: id, pollMs: 10, leaseMs: o.leaseMs ?? 5_000, maxInFlight: o.maxInFlight ?? 8 });
    worker.start();
    workers.push(worker);
    return worker;
  };
  if (options.worker !== false) startWorker("main");

  return {
    sim, app, db, dbUrl: testDb.url, engine, acme, globex, owner, as, startWorker, webhooksDelivered,
    async waitForJob(jobId, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = (await owner.get(`/api/jobs/${jobId}`).expect(200)).body as Job;
        if (job.state !== "queued" && job.state !== "running") return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.state} after ${timeoutMs} ms: ${JSON.stringify({ ...job, items: undefined })}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await webhooksDelivered().catch(() => undefined);
      await closeApp(app);
      await db.close();
      await sim.close();
      await testDb.drop();
    },
  };
}

/** The `error` of an error answer, typed. */
export const errorOf = (res: request.Response): ApiErrorBody["error"] => (res.body as ApiErrorBody).error;
