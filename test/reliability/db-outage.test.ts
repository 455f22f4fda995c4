// Database-backed (test/helpers/test-database through ./app-child): .ci/run runs this file on PostgreSQL.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { usingPostgres } from "../helpers/test-database";
import { createProcessWorld, expectCompletedExactlyOnce, until, WRITES, type ProcessWorld } from "./app-child";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

const REPOS = 60;
const onPostgres = usingPostgres() ? describe : describe.skip;

/**
 * PostgreSQL unavailable for a few seconds in the middle of a job. By default the outage is made by a TCP proxy between the
 * app and PostgreSQL (every connection dropped, new ones refused), so that the other test files sharing the server in
 * .ci/run are not disturbed. With PA_PG_RESTART=1 the server itself is restarted with pg_ctlcluster (run alone).
 */
onPostgres("The database briefly unavailable during a job (PostgreSQL)", () => {
  let world: ProcessWorld;
  let proxy: TcpProxy;
  beforeAll(async () => {
    world = await createProcessWorld({ CUT: REPOS, RESTART: REPOS });
    const url = new URL(world.db.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  }, 30_000);
  afterAll(async () => {
    await world.close();
    await proxy.close();
  });

  const viaProxy = () => {
    const url = new URL(world.db.url);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    return url.toString();
  };

  test("When every database connection drops and reconnects fail for 3 s mid-job, then the job resumes and completes exactly once", async () => {
    const app = await world.spawn("through-proxy", viaProxy());
    world.sim.setFaults([{ method: "PUT", pathGlob: WRITES, delayMs: 40 }]);
    const { jobId, total } = await world.startJob(app, "CUT");
    await until("a quarter of the writes made", () => world.okWrites() >= REPOS / 4);
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    proxy.restore();
    expect(app.process.exitCode).toBeNull();
    await expectCompletedExactlyOnce(world, app, jobId, "CUT", total);
    await app.stop();
  }, 90_000);

  const restartAllowed = process.env.PA_PG_RESTART === "1";
  (restartAllowed ? test : test.skip)("When PostgreSQL itself is restarted with pg_ctlcluster mid-job, then the job resumes and completes exactly once (PA_PG_RESTART=1 only: it disturbs every other user of the server)", async () => {
    const version = fs.readdirSync("/etc/postgresql")[0] ?? "";
    const app = await world.spawn("restart");
    world.sim.setFaults([{ method: "PUT", pathGlob: WRITES, delayMs: 40 }]);
    const before = world.okWrites();
    const { jobId, total } = await world.startJob(app, "RESTART");
    await until("a quarter of the writes made", () => world.okWrites() - before >= REPOS / 4);
    execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart"], { stdio: "ignore" });
    expect(app.process.exitCode).toBeNull();
    await expectCompletedExactlyOnce(world, app, jobId, "RESTART", total);
  }, 120_000);
});

if (!usingPostgres()) {
  test.skip("The database briefly unavailable: PostgreSQL only (set TEST_DATABASE_URL=postgres://…; .ci/run does)", () => undefined);
}
