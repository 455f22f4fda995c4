// Database-backed (test/helpers/test-database through ./app-child): .ci/run runs this file on PostgreSQL.
import { openDatabase } from "../../src/db/database";
import { usingPostgres } from "../helpers/test-database";
import { createProcessWorld, expectCompletedExactlyOnce, until, WRITES, type ProcessWorld } from "./app-child";

const REPOS = 80;

// Two processes on one database: on PostgreSQL as instances behind a load balancer, on a SQLite file as WEB_CONCURRENCY's
// processes on one machine (WAL, and busy_timeout for the one writer at a time).
describe(`Two app instances on one ${usingPostgres() ? "PostgreSQL database" : "SQLite file"} sharing a job`, () => {
  let world: ProcessWorld;
  beforeAll(async () => { world = await createProcessWorld({ SHARE: REPOS }); }, 30_000);
  afterAll(async () => { await world.close(); });

  test("When both work the job and one is SIGKILLed mid-way, then the other finishes every item, the dead one's included", async () => {
    const alpha = await world.spawn("alpha");
    const beta = await world.spawn("beta");
    world.sim.setFaults([{ method: "PUT", pathGlob: WRITES, delayMs: 60 }]);
    const { jobId, total } = await world.startJob(alpha, "SHARE");

    // Both instances hold leases on items of the job before one dies.
    const opened = await openDatabase(world.db.url);
    const db = opened.knex;
    const owners = new Set<string>();
    try {
      await until("both instances working", async () => {
        const rows: { lease_owner: string }[] = await db("job_items").where("job_id", jobId).whereNotNull("lease_owner").distinct("lease_owner");
        for (const r of rows) owners.add(r.lease_owner);
        return owners.has("alpha") && owners.has("beta");
      });
      await until("a quarter of the writes made", () => world.okWrites() >= REPOS / 4);
      await alpha.kill9();
      const counted = await db("job_items").where({ job_id: jobId }).whereNot({ state: "done" }).count({ n: "*" });
      const pendingAtKill = Number(counted[0]?.n);
      expect(pendingAtKill).toBeGreaterThan(0);
    } finally {
      await opened.close();
    }

    await expectCompletedExactlyOnce(world, beta, jobId, "SHARE", total);
    expect(world.okWrites() - REPOS).toBeLessThanOrEqual(8);
  }, 90_000);
});
