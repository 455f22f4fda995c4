import cluster from "node:cluster";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { randomBytes } from "node:crypto";
import { closeApp, createApp } from "./app";
import { readConfig } from "./config/env";
import { loadOrCreateSecretKey } from "./config/secret-key";
import { installationLookup } from "./connect/installations";
import { WebhookEvents } from "./connect/webhooks";
import { openDatabase } from "./db/database";
import { createEngine } from "./engine";
import { engineApiRoutes } from "./http/api";
import { createLogger, type Logger } from "./log/logger";
import { runProcessPool } from "./process-pool";

/** The descriptor's key (atlassian-connect.json): the `iss` of the JWTs the engine sends to Bitbucket. */
const APP_KEY = "project-access";

/** Reads the configuration once, opens the database, builds the app and listens. */
async function main(): Promise<void> {
  const envConfig = readConfig();
  const logger = createLogger(envConfig.logLevel);
  process.on("unhandledRejection", (reason) => { logger.error({ err: reason }, "unhandled promise rejection"); });
  if (cluster.isPrimary && envConfig.webConcurrency > 1) {
    if (envConfig.sandbox) {
      logger.warn({ webConcurrency: envConfig.webConcurrency }, "the sandbox runs in one process; WEB_CONCURRENCY is ignored");
    } else {
      // What the processes would otherwise race for is settled once, before they start: the generated secret key file
      // (each would write its own) and the migrations.
      loadOrCreateSecretKey(envConfig);
      await (await openDatabase(envConfig.databaseUrl)).close();
      process.exit(await runProcessPool({ size: envConfig.webConcurrency, logger }));
    }
  }
  // The sandbox (development only) puts its simulator in Bitbucket's place BEFORE anything is built from the configuration;
  // loaded lazily so that production never loads the simulator.
  const sandbox = envConfig.sandbox ? await (await import("./sandbox")).startSandbox(envConfig, logger.child({ component: "sandbox" })) : undefined;
  const config = sandbox?.config ?? envConfig;

  const secretKey = loadOrCreateSecretKey(config);
  const db = await openDatabase(config.databaseUrl);
  const engine = createEngine({
    db, clock: () => Date.now(), bitbucketApiBase: config.bitbucketApiBase, secretKey, appKey: APP_KEY,
    installationOf: installationLookup(db), logger: logger.child({ component: "engine" }),
  });
  const webhooks = new WebhookEvents();
  webhooks.subscribe((event) => engine.webhooks.handle(event));
  const app = await createApp({ config, db, logger, secretKey, webhooks, apiRoutes: engineApiRoutes(engine) });
  // Jobs run beside the app; several instances share them through the database (leases), so each gets a unique id.
  const worker = engine.createWorker({ workerId: `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`, logger: logger.child({ component: "worker" }) });
  worker.start();

  const server: Server = app.listen(config.port, () => {
    const { port } = server.address() as AddressInfo; // PORT=0 asks for any free port: report the one given
    logger.info({ port, pid: process.pid, baseUrl: config.localBaseUrl ?? `http://localhost:${port}`, database: db.dialect }, "Project Access is listening");
    // The sandbox installs the app through the lifecycle, so the app must be listening first.
    void sandbox?.connect(config.localBaseUrl ?? `http://localhost:${config.port}`).then(
      (url) => { process.stdout.write(`\nProject Access sandbox is ready: open ${url}\n\n`); },
      (error: unknown) => { logger.error({ err: error }, "the sandbox could not install the app; the app runs without it"); },
    );
  });
  installShutdown(server, logger, async () => {
    // The worker lets its running items finish and record their outcome; an item it never started stays pending.
    await worker.stop();
    await closeApp(app);
    await sandbox?.close();
    await db.close();
  });
}

function installShutdown(server: Server, logger: Logger, release: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    server.close(() => {
      release().then(() => process.exit(0), (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
    });
  };
  process.on("SIGTERM", () => { stop("SIGTERM"); });
  process.on("SIGINT", () => { stop("SIGINT"); });
}

main().catch((error: unknown) => {
  // The logger may not exist yet (a configuration error): write plainly to stderr.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
