/**
 * One app instance as its own process, for the kill -9 tests: the Express app and a job worker over DATABASE_URL, calling
 * the Bitbucket simulator at BITBUCKET_API_BASE (the simulator stays in the test's process). Listens on a free port and
 * prints `READY <port>` on stdout. Run with `node --import tsx test/reliability/app-process.ts`.
 *
 * Env: DATABASE_URL, BITBUCKET_API_BASE, APP_SECRET_KEY (64 hex), WORKER_ID, LEASE_MS (default 1000), LOG_LEVEL,
 * ADMIN_CACHE_TTL_MS (default 0: every call asks Bitbucket; production caches 3 minutes), WORKER_POLL_MS (default 10 for
 * the fault tests; production polls every 1000).
 */
import type { AddressInfo } from "node:net";
import { createApp } from "../../src/app";
import { readConfig } from "../../src/config/env";
import { installationLookup } from "../../src/connect/installations";
import { WebhookEvents } from "../../src/connect/webhooks";
import { openDatabase } from "../../src/db/database";
import { createEngine } from "../../src/engine";
import { engineApiRoutes } from "../../src/http/api";
import { createLogger } from "../../src/log/logger";
import { FAST_TUNING } from "../integration/stack";
import { APP_KEY } from "../integration/stack-install";

async function main(): Promise<void> {
  const env = process.env;
  const config = readConfig({
    NODE_ENV: "test", DATABASE_URL: env.DATABASE_URL, AC_LOCAL_BASE_URL: "https://app.example.test", AC_HOST_WHITELIST: "127.0.0.1,localhost",
    BITBUCKET_API_BASE: env.BITBUCKET_API_BASE, LOG_LEVEL: env.LOG_LEVEL ?? "silent", APP_SECRET_KEY: env.APP_SECRET_KEY, PORT: "0",
  });
  if (!config.appSecretKey) throw new Error("APP_SECRET_KEY is required");
  const logger = createLogger(config.logLevel, { write: (line: string) => { process.stderr.write(line); } });
  const db = await openDatabase(config.databaseUrl);
  const engine = createEngine({
    db, clock: () => Date.now(), bitbucketApiBase: config.bitbucketApiBase, secretKey: config.appSecretKey, appKey: APP_KEY,
    installationOf: installationLookup(db), logger, tuning: FAST_TUNING,
  });
  const webhooks = new WebhookEvents();
  webhooks.subscribe((event) => engine.webhooks.handle(event));
  const app = await createApp({ config, db, logger, env: {}, secretKey: config.appSecretKey, webhooks, apiRoutes: engineApiRoutes(engine), adminCacheTtlMs: Number(env.ADMIN_CACHE_TTL_MS ?? 0) });
  const worker = engine.createWorker({ workerId: env.WORKER_ID ?? `proc-${process.pid}`, pollMs: Number(env.WORKER_POLL_MS ?? 10), leaseMs: Number(env.LEASE_MS ?? 1000), maxInFlight: 4, logger });
  worker.start();
  const server = app.listen(0, "127.0.0.1", () => {
    process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
  });
  process.on("SIGTERM", () => {
    server.close();
    void worker.stop().then(() => db.close()).finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`app-process failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
