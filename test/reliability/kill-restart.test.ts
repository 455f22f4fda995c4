// Database-backed (test/helpers/test-database through ./app-child): .ci/run reruns this file on PostgreSQL.
import { usingPostgres } from "../helpers/test-database";
import { createProcessWorld, expectCompletedExactlyOnce, until, WRITES, type ProcessWorld } from "./app-child";

const REPOS = 60;

/** A real `kill -9` of the only app process in the middle of a job, then a new process on the same database. */
describe(`kill -9 of the app mid-job (${usingPostgres() ? "PostgreSQL" : "SQLite"})`, () => {
  let world: ProcessWorld;
  beforeAll(async () => { world = await createProcessWorld({ KILL: REPOS }); }, 30_000);
  afterAll(async () => { await world.close(); });

  test("When the app is SIGKILLed with items in flight and started again, then the job completes with nothing lost or duplicated", async () => {
    const first = await world.spawn("first");
    // Slow writes, so the kill lands with items in flight and most of the job still to do.
    world.sim.setFaults([{ method: "PUT", pathGlob: WRITES, delayMs: 60 }]);
    const { jobId, total } = await world.startJob(first, "KILL");
    expect(total).toBe(REPOS);
    await until("a third of the writes made", () => world.okWrites() >= REPOS / 3);
    await first.kill9();
    const writtenBeforeKill = world.okWrites();
    expect(writtenBeforeKill).toBeLessThan(REPOS);

    const second = await world.spawn("second");
    await expectCompletedExactlyOnce(world, second, jobId, "KILL", total);

    // At most the items that were in flight at the kill (the worker's 4, plus calls still arriving) were written twice.
    const repeated = world.okWrites() - REPOS;
    process.stdout.write(`kill -9: ${writtenBeforeKill} writes before the kill, ${repeated} repeated after it\n`);
    expect(repeated).toBeGreaterThanOrEqual(0);
    expect(repeated).toBeLessThanOrEqual(8);
  }, 90_000);
});
