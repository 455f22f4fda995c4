import type { RunningSimulator } from "../bitbucket-sim";
import { groupLevels, jsonOf, ownerEnv, reportedDone, runCli, scratchDir, spawnCli, startCliSimulator, waitForOutput } from "./harness";

interface JobDoc { job: { id: string; state: string; done: number; pending: number; running: number; total: number } }

const REPOS = 60;

describe("project-access interrupted and resumed", () => {
  let sim: RunningSimulator;
  const scratch = scratchDir();
  const env = ownerEnv(scratch.dir);

  beforeAll(async () => {
    sim = await startCliSimulator((ws) => ws.withProject("INT", { repos: REPOS }).withProject("KILL", { repos: REPOS }));
    // Slow writes, so the job is still running when the test interrupts it.
    sim.setFaults([{ method: "PUT", pathGlob: "/2.0/repositories/**", delayMs: 50 }]);
  });
  afterAll(async () => {
    await sim.close();
    scratch.remove();
  });

  const flags = (db: string): string[] => ["--workspace", "acme", "--base-url", sim.url, "--db", db, "--budget", "5000"];
  const applyArgs = (project: string, db: string): string[] =>
    ["apply", project, "--principal", "group:developers", "--permission", "read", "--scope", "repositories", "--yes", ...flags(db)];
  const jobId = (stderr: string): string => {
    const id = /Job ([0-9a-f-]{36}):/.exec(stderr)?.[1];
    if (id === undefined) throw new Error(`no job id in:\n${stderr}`);
    return id;
  };

  test("When Ctrl-C (SIGINT) interrupts a running apply, then it stops cleanly with exit 3, and resume finishes the job at once", async () => {
    const db = `${scratch.dir}/sigint.db`;
    const child = spawnCli({ env, args: applyArgs("INT", db) });
    await waitForOutput(child, ({ stderr }) => reportedDone(stderr) >= 8);
    child.kill("SIGINT");
    const stopped = await child.done;
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toMatch(/Stopping after the calls in flight/);
    const id = jobId(stopped.stderr);
    expect(stopped.stderr).toContain(`project-access resume ${id}`);

    const shown = jsonOf(await runCli({ env, args: ["job", id, "--format", "json", ...flags(db)] })) as JobDoc;
    // The calls in flight finished and were recorded: nothing is left leased, so resume does not wait for a lease.
    expect(shown.job.running).toBe(0);
    expect(shown.job.done).toBeGreaterThan(0);
    expect(shown.job.done).toBeLessThan(REPOS);

    const resumed = await runCli({ env, args: ["resume", id.slice(0, 8), "--format", "json", ...flags(db)] });
    expect(resumed.code).toBe(0);
    expect((jsonOf(resumed) as JobDoc).job).toMatchObject({ state: "succeeded", done: REPOS });
    expect([...groupLevels(sim, "INT", "developers").values()].every((level) => level === "read")).toBe(true);
  });

  test("When the process is killed (SIGKILL) mid-job, then nothing is lost and resume completes every item exactly once in the audit", async () => {
    const db = `${scratch.dir}/sigkill.db`;
    const child = spawnCli({ env, args: applyArgs("KILL", db) });
    await waitForOutput(child, ({ stderr }) => reportedDone(stderr) >= 8);
    child.kill("SIGKILL");
    const killed = await child.done;
    expect(killed.signal).toBe("SIGKILL");
    const id = jobId(killed.stderr);

    const resumed = await runCli({ env, args: ["resume", id, ...flags(db)] });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/succeeded/);
    expect([...groupLevels(sim, "KILL", "developers").values()].every((level) => level === "read")).toBe(true);

    const audit = jsonOf(await runCli({ env, args: ["audit", "--format", "json", ...flags(db)] })) as { entries: { result: string; repository: { slug: string } }[] };
    const done = audit.entries.filter((e) => e.result === "done").map((e) => e.repository.slug);
    expect(new Set(done).size).toBe(REPOS);
    expect(done).toHaveLength(REPOS);
  });
});
