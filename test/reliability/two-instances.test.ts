// Database-backed (test/helpers/test-database through ./app-child): .ci/run runs this file on PostgreSQL.
import knexFactory from "knex";
import { usingPostgres } from "../helpers/test-database";
import { createProcessWorld, expectCompletedExactlyOnce, until, WRITES, type ProcessWorld } from "./app-child";

const REPOS = 80;

// Two processes on one SQLite file is not a supported deployment (SQLite locks the whole file); .ci/run runs this on PostgreSQL.
const onPostgres = usingPostgres() ? describe : describe.skip;

onPostgres("Two app instances on one PostgreSQL database sharing a job", () => {
  let world: ProcessWorld;
  beforeAll(async () => { world = await createProcessWorld({ SHARE: REPOS }); }, 30_000);
  afterAll(async () => { await world.close(); });

  test("When both work the job and one is SIGKILLed mid-way, then the other finishes every item, the dead one's included", async () => {
    const alpha = await world.spawn("alpha");
    const beta = await world.spawn("beta");
    world.sim.setFaults([{ method: "PUT", pathGlob: WRITES, delayMs: 60 }]);
    const { jobId, total } = await world.startJob(alpha, "SHARE");

    // Both instances hold leases on items of the job before one dies.
    const db = knexFactory({ client: "pg", connection: world.db.url, pool: { min: 0, max: 1 } });
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
      await db.destroy();
    }

    await expectCompletedExactlyOnce(world, beta, jobId, "SHARE", total);
    expect(world.okWrites() - REPOS).toBeLessThanOrEqual(8);
  }, 90_000);
});

if (!usingPostgres()) {
  test.skip("Two app instances sharing a job: PostgreSQL only (set TEST_DATABASE_URL=postgres://…; .ci/run does)", () => undefined);
}
