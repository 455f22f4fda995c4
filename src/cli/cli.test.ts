import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { runCli } from "./cli";
import type { CliIo } from "./io";
import { COMMANDS } from "./spec";

/** Runs the CLI in this process with captured streams; stdin is a pipe that ends at once. */
async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const capture = () => {
    const stream = new PassThrough();
    let text = "";
    stream.setEncoding("utf8").on("data", (d: string) => { text += d; });
    return { stream, text: () => text };
  };
  const out = capture();
  const err = capture();
  const stdin = new PassThrough();
  stdin.end();
  const io: CliIo = {
    stdout: out.stream, stderr: err.stream, stdin, env, clock: Date.now, onInterrupt: () => () => undefined,
    homeDir: os.tmpdir(), platform: "linux", processTag: "test:1",
  };
  const code = await runCli(args, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe("the command line in process", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-cli-unit-"));
  const db = ["--workspace", "acme", "--db", path.join(dir, "cli.db")];
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  test("When --help is asked of any command, then it prints that command's usage and options and exits 0", async () => {
    for (const spec of COMMANDS) {
      const result = await run([spec.name, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: project-access ${spec.name}`);
      expect(result.stdout).toContain("--workspace SLUG");
      expect(result.stderr).toBe("");
    }
    const general = await run(["--help"]);
    expect(general.code).toBe(0);
    for (const spec of COMMANDS) expect(general.stdout).toContain(spec.name);
    expect(general.stdout).toContain("Exit codes: 0 ok, 1 failure, 2 usage error, 3 partially applied");
  });

  test.each([
    [["plan", "WEB", "--principal", "group:developers", "--permission", "superuser", "--scope", "project"], /^--permission: /],
    [["plan", "WEB", "--principal", "developers", "--permission", "read", "--scope", "project"], /--principal must be user:ID .* or group:SLUG/],
    [["plan", "WEB", "--principal", "group:developers"], /`plan` needs --permission, --scope/],
    [["plan", "WEB", "--principal", "group:developers", "--permission", "create-repo", "--scope", "repositories"], /create-repo exists on projects only/],
    [["plan", "WEB", "--principal", "group:dev", "--permission", "read", "--scope", "project", "--include", "web-*"], /repository patterns need scope/],
    [["plan"], /`plan` needs PROJECT/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["jobs", "--limit", "lots"], /--limit must be a whole number/],
    [["projects", "--format", "yaml"], /--format for `projects` is one of table, json/],
    [["projects", "--budget", "-5"], /option --budget needs a value|--budget must be a whole number/],
    [["projects", "--base-url", "ftp://example.com"], /--base-url must be an http\(s\) URL/],
    [["apply", "WEB", "--principal", "group:developers", "--permission", "read", "--scope", "project"], /standard input is not a terminal: pass --yes/],
    [["apply", "--plan", "abc", "WEB", "--yes"], /--plan applies a saved plan/],
    [["job", "1", "2"], /unexpected argument "2" for `job`/],
  ])("When the command line is %j, then it exits 2 with one line on stderr", async (args, reason) => {
    const result = await run([...args, ...db], { BITBUCKET_EMAIL: "a@b.example", BITBUCKET_API_TOKEN: "secret-token" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace(/^project-access: /, "")).toMatch(reason);
    expect(result.stderr).not.toContain("secret-token");
  });

  test("When no workspace is given, then it says how to give one", async () => {
    const result = await run(["jobs"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no workspace: pass --workspace SLUG or set BITBUCKET_WORKSPACE/);
  });

  test("When a job id is unknown, then job, resume-free commands fail with exit 1 and say so", async () => {
    const result = await run(["job", "0000dead", ...db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No job "0000dead"/);
  });

  test("When the local lists are asked for as JSON, then each is one document, empty at first", async () => {
    expect(JSON.parse((await run(["jobs", "--format", "json", ...db])).stdout)).toEqual({ jobs: [] });
    expect(JSON.parse((await run(["audit", "--format", "json", ...db])).stdout)).toEqual({ entries: [] });
    expect((await run(["audit", "--format", "csv", ...db])).stdout).toMatch(/^time,actor,actor_name,project,/);
  });
});
