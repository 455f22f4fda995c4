import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { until } from "./app-child";

const ROOT = path.join(__dirname, "..", "..");

interface Listening { port: number; pid: number }

/** `src/server.ts` as production starts it, with WEB_CONCURRENCY processes, its JSON log lines collected. */
function startServer(dataDir: string, webConcurrency: number) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "src", "server.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", LOG_LEVEL: "info", PORT: "0",
      AC_LOCAL_BASE_URL: "https://app.example.test", DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, "app.db")}`,
      WEB_CONCURRENCY: String(webConcurrency),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Array<Record<string, unknown>> = [];
  let partial = "";
  const collect = (d: Buffer) => {
    partial += d.toString();
    const whole = partial.split("\n");
    partial = whole.pop() ?? "";
    for (const line of whole) {
      try { lines.push(JSON.parse(line) as Record<string, unknown>); } catch { lines.push({ msg: line }); }
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => { child.once("exit", (code) => { resolve(code); }); });
  const listening = (): Listening[] =>
    lines.filter((l) => l.msg === "Project Access is listening").map((l) => ({ port: Number(l.port), pid: Number(l.pid) }));
  return { child, exited, lines, listening };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("WEB_CONCURRENCY: several processes behind one port", () => {
  let dataDir: string;
  beforeAll(() => { dataDir = mkdtempSync(path.join(tmpdir(), "process-pool-")); });
  afterAll(() => { rmSync(dataDir, { recursive: true, force: true }); });

  test("When WEB_CONCURRENCY=2, then two processes serve one port, a crashed one is replaced, and SIGTERM stops them all", async () => {
    const server = startServer(dataDir, 2);
    try {
      await until("two processes listening", () => server.listening().length === 2, 60_000);
      const [first, second] = server.listening();
      if (!first || !second) throw new Error("unreachable: two were seen");
      expect(first.port).toBe(second.port);
      expect(first.pid).not.toBe(second.pid);
      await request(`http://127.0.0.1:${first.port}`).get("/atlassian-connect.json").expect(200);

      process.kill(first.pid, "SIGKILL");
      await until("a replacement listening", () => server.listening().length === 3, 60_000);
      const replacement = server.listening()[2];
      expect(replacement?.port).toBe(first.port);
      expect(replacement?.pid).not.toBe(first.pid);
      expect(server.lines.some((l) => l.msg === "a process died" && l.pid === first.pid)).toBe(true);
      await request(`http://127.0.0.1:${first.port}`).get("/atlassian-connect.json").expect(200);

      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      for (const { pid } of server.listening()) expect(alive(pid)).toBe(false);
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      for (const { pid } of server.listening()) if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  }, 120_000);
});
