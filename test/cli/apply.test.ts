import type { RunningSimulator } from "../bitbucket-sim";
import { groupLevels, jsonOf, ownerEnv, runCli, scratchDir, startCliSimulator } from "./harness";

interface PlanDoc { planId: string; plan: { items: unknown[]; summary: { grant: number } } }
interface RunDoc { job: { id: string; state: string; done: number; failed: number; total: number; stopReason: { message: string } | null }; interrupted: boolean }

describe("project-access plan, apply and undo", () => {
  let sim: RunningSimulator;
  const scratch = scratchDir();
  const flags = (): string[] => ["--workspace", "acme", "--base-url", sim.url, "--db", scratch.db, "--budget", "5000"];
  const env = ownerEnv(scratch.dir);

  beforeAll(async () => {
    sim = await startCliSimulator((ws) => ws.withProject("PLAT", { name: "Platform", repos: 300 }).withProject("WEB", { name: "Web", repos: 3 }));
  });
  afterAll(async () => {
    await sim.close();
    scratch.remove();
  });

  test("When an admin plans a group write grant over a 300-repository project and applies the plan, then every repository has it, and undo takes it back", async () => {
    const planned = await runCli({ env, args: ["plan", "PLAT", "--principal", "group:developers", "--permission", "write", "--scope", "repositories", "--format", "json", ...flags()] });
    expect(planned.code).toBe(0);
    const plan = jsonOf(planned) as PlanDoc;
    expect(plan.plan.summary.grant).toBe(300);
    // Planning changes nothing.
    expect([...groupLevels(sim, "PLAT", "developers").values()].every((level) => level === undefined)).toBe(true);

    const applied = await runCli({ env, args: ["apply", "--plan", plan.planId, "--yes", "--format", "json", ...flags()] });
    expect(applied.code).toBe(0);
    const run = jsonOf(applied) as RunDoc;
    expect(run.job).toMatchObject({ state: "succeeded", done: 300, failed: 0, total: 300 });
    const levels = groupLevels(sim, "PLAT", "developers");
    expect(levels.size).toBe(300);
    expect([...levels.values()].every((level) => level === "write")).toBe(true);
    // Not a terminal: plain progress lines on stderr, never a redrawn bar.
    expect(applied.stderr).toMatch(/done 300/);
    expect(applied.stderr).not.toContain("\r");

    const again = await runCli({ env, args: ["apply", "--plan", plan.planId, "--yes", ...flags()] });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already applied by job/);

    const undone = await runCli({ env, args: ["undo", run.job.id, "--yes", "--format", "json", ...flags()] });
    expect(undone.code).toBe(0);
    expect((jsonOf(undone) as RunDoc).job).toMatchObject({ state: "succeeded", done: 300 });
    expect([...groupLevels(sim, "PLAT", "developers").values()].every((level) => level === undefined)).toBe(true);

    const audit = await runCli({ env, args: ["audit", "--format", "csv", "--project", "PLAT", ...flags()] });
    expect(audit.code).toBe(0);
    const rows = audit.stdout.trim().split("\r\n");
    expect(rows).toHaveLength(1 + 600);
    expect(rows[0]).toMatch(/^time,actor,/);
    expect(audit.stdout).not.toContain("olivia-cli-token");
  });

  test("When Bitbucket refuses the token for permission writes (403), then the job stops at once and the CLI says why", async () => {
    sim.setSwitches({ apiTokenMayWritePermissions: false });
    try {
      const result = await runCli({ env, args: ["apply", "WEB", "--principal", "group:developers", "--permission", "admin", "--scope", "repositories", "--yes", ...flags()] });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Bitbucket refused this credential for permission changes/);
      expect(result.stderr).toMatch(/workspace admin's API token/);
      expect(result.stdout).toMatch(/failed/);
      expect([...groupLevels(sim, "WEB", "developers").values()].every((level) => level === undefined)).toBe(true);
    } finally {
      sim.setSwitches({ apiTokenMayWritePermissions: true });
    }
  });
});
