import type { RunningSimulator } from "../bitbucket-sim";
import { jsonOf, OWNER_EMAIL, OWNER_TOKEN, ownerEnv, runCli, scratchDir, startCliSimulator } from "./harness";

describe("project-access usage, credentials and machine output", () => {
  let sim: RunningSimulator;
  const scratch = scratchDir();
  const flags = (): string[] => ["--workspace", "acme", "--base-url", sim.url, "--db", scratch.db];

  beforeAll(async () => {
    sim = await startCliSimulator((ws) => ws.withProject("WEB", { name: "Web", repos: 3 }).withProjectGrant("WEB", { group: "developers" }, "read"));
  });
  afterAll(async () => {
    await sim.close();
    scratch.remove();
  });

  test("When a flag is misspelt, then the CLI exits 2 with a one-line reason on stderr, nothing on stdout and no call", async () => {
    sim.clearRequests();
    // The rest of the usage errors are checked in process (src/cli/cli.test.ts); this one is the real process's exit code.
    const result = await runCli({ env: ownerEnv(scratch.dir), args: ["plan", "WEB", "--principal", "group:developers", "--permision", "write", "--scope", "project", ...flags()] });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe("project-access: unknown option --permision for `plan` (see `project-access plan --help`)\n");
    expect(sim.requests()).toHaveLength(0);
  });

  test("When no credentials are given, then the CLI explains where they come from and calls nothing", async () => {
    sim.clearRequests();
    const result = await runCli({ env: { HOME: scratch.dir }, args: ["projects", ...flags()] });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no Bitbucket credentials: set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN, or pass --email and pipe the token to --token-stdin/);
    expect(result.stderr).toMatch(/workspace admin/);
    expect(sim.requests()).toHaveLength(0);

    const noToken = await runCli({ env: { HOME: scratch.dir }, args: ["projects", "--email", OWNER_EMAIL, ...flags()] });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/no API token/);
  });

  test("When the token comes on standard input, then it works and is never echoed; a wrong one is explained as a 401", async () => {
    const ok = await runCli({ env: { HOME: scratch.dir }, input: `${OWNER_TOKEN}\n`, args: ["projects", "--email", OWNER_EMAIL, "--token-stdin", "--format", "json", ...flags()] });
    expect(ok.code).toBe(0);
    expect(jsonOf(ok)).toMatchObject({ workspace: "acme", projects: [{ key: "WEB", name: "Web" }] });

    const wrong = await runCli({ env: { HOME: scratch.dir }, input: "not-the-token\n", args: ["projects", "--email", OWNER_EMAIL, "--token-stdin", ...flags()] });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Bitbucket did not accept the email and API token \(401\)/);
    for (const out of [ok.stdout, ok.stderr, wrong.stdout, wrong.stderr]) {
      expect(out).not.toContain(OWNER_TOKEN);
      expect(out).not.toContain("not-the-token");
    }
  });

  test("When --format json is asked for, then stdout is exactly one JSON document", async () => {
    const env = ownerEnv(scratch.dir);
    const [projects, access, one, plan] = await Promise.all([
      runCli({ env, args: ["projects", "--format", "json", ...flags()] }),
      runCli({ env, args: ["access", "WEB", "--format", "json", ...flags()] }),
      runCli({ env, args: ["access", "WEB", "--principal", "group:developers", "--format", "json", ...flags()] }),
      runCli({ env, args: ["plan", "WEB", "--principal", "group:developers", "--permission", "write", "--scope", "project", "--format", "json", ...flags()] }),
    ]);
    expect(jsonOf(projects)).toMatchObject({ projects: [{ key: "WEB" }] });
    const accessDoc = jsonOf(access) as { project: { key: string }; repositories: number; principals: unknown[] };
    expect(accessDoc).toMatchObject({ project: { key: "WEB" }, repositories: 3 });
    expect(accessDoc.principals).toContainEqual(expect.objectContaining({ principal: { type: "group", slug: "developers", name: "Developers" }, projectLevel: "read" }));
    expect(jsonOf(one)).toMatchObject({ principal: { type: "group", slug: "developers" }, repositories: [{ level: "read" }, { level: "read" }, { level: "read" }] });
    expect(jsonOf(plan)).toMatchObject({ plan: { summary: { change: 1 }, items: [{ target: "project", before: "read", after: "write" }] } });
    for (const r of [projects, access, one, plan]) expect(r.code).toBe(0);
  });
});
