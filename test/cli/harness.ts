import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { aWorkspace, startSimulator, type RunningSimulator, type WorkspaceBuilder } from "../bitbucket-sim";

/** The repository root: the CLI runs as `node --import tsx src/cli/main.ts` from here. */
export const ROOT = path.resolve(__dirname, "..", "..");
export const OWNER_EMAIL = "olivia@acme.example";
export const OWNER_TOKEN = "olivia-cli-token";

/** A simulator with workspace "acme" (owner olivia with an API token, group developers) and the projects a test adds. */
export async function startCliSimulator(seed: (ws: WorkspaceBuilder) => WorkspaceBuilder): Promise<RunningSimulator> {
  const ws = seed(
    aWorkspace("acme", { name: "Acme" }).withOwner("olivia", { display_name: "Olivia Owner" }).withUsers(3)
      .withGroup("developers", { name: "Developers", members: ["user-01", "user-02"] }),
  ).withApiToken("olivia", OWNER_TOKEN);
  // Several runs read the same projects; the real limit (1,000/h) is the CLI's --budget's business, not these tests'.
  return startSimulator({ fixtures: [ws.build()], switches: { rateLimitPerHour: 1_000_000 } });
}

/** A scratch directory for one test's database and HOME. */
export function scratchDir(): { dir: string; db: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-cli-"));
  return { dir, db: path.join(dir, "cli.db"), remove: () => { fs.rmSync(dir, { recursive: true, force: true }); } };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRun {
  readonly args: readonly string[];
  /** Added to a clean environment (PATH and HOME only): nothing leaks in from the machine running the tests. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to standard input, which is then closed. */
  readonly input?: string;
}

export const ownerEnv = (home: string): Record<string, string> => ({ HOME: home, BITBUCKET_EMAIL: OWNER_EMAIL, BITBUCKET_API_TOKEN: OWNER_TOKEN });

/** Starts the CLI as a child process; stdin is a pipe (not a terminal). */
export function spawnCli(run: CliRun): ChildProcessWithoutNullStreams & { output(): { stdout: string; stderr: string }; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...run.args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...run.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => { stdout += d; });
  child.stderr.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
  child.stdin.end(run.input ?? "");
  const done = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => { resolve({ code, signal, stdout, stderr }); });
  });
  return Object.assign(child, { output: () => ({ stdout, stderr }), done });
}

export const runCli = (run: CliRun): Promise<CliResult> => spawnCli(run).done;

/** Resolves once `predicate` holds for the child's output so far; rejects after `timeoutMs`. */
export async function waitForOutput(
  child: { output(): { stdout: string; stderr: string } }, predicate: (out: { stdout: string; stderr: string }) => boolean, timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate(child.output())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for the CLI; stderr so far:\n${child.output().stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The highest `done N` a progress line has reported so far. */
export const reportedDone = (stderr: string): number => Math.max(0, ...[...stderr.matchAll(/done (\d+)/g)].map((m) => Number(m[1])));

/** Group grants on every repository of a project, straight from the simulator's state. */
export function groupLevels(sim: RunningSimulator, projectKey: string, slug: string): Map<string, string | undefined> {
  const ws = sim.state.findWorkspace("acme");
  if (!ws) throw new Error("no workspace acme");
  const project = sim.state.findProject(ws, projectKey);
  if (!project) throw new Error(`no project ${projectKey}`);
  const now = sim.clock.now();
  const levels = new Map<string, string | undefined>();
  for (const uuid of project.repoUuids) {
    const repo = ws.repositories.get(uuid);
    if (repo) levels.set(repo.slug, new Map(repo.grants.groups.entries(now)).get(slug));
  }
  return levels;
}

/** The `--format json` document of a run; fails the test with its stderr when stdout is not exactly one JSON document. */
export function jsonOf(result: CliResult): unknown {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${String(result.code)}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
