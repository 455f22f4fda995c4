/**
 * The app as production starts it (`dist/src/server.js`, built by `npm run build`) for `npm run load`: production's
 * defaults (admin checks cached 3 minutes, the job worker polling every second), WEB_CONCURRENCY processes behind one
 * port, Bitbucket at the simulator's URL.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..");
const ENTRY = path.join(ROOT, "dist", "src", "server.js");

export interface LoadServer {
  readonly url: string;
  stop(): Promise<void>;
  /** The end of what the server logged, for a failure report. */
  output(): string;
}

export async function startLoadServer(options: {
  databaseUrl: string; simUrl: string; processes: number; dataDir: string; execArgv?: readonly string[];
}): Promise<LoadServer> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build`);
  // Logs go to a file, as in production: per-request lines at info are part of the cost measured, and a pipe read by the
  // load script would take CPU from the measurement.
  const logFile = path.join(options.dataDir, "server.log");
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [...(options.execArgv ?? []), ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0",
      AC_LOCAL_BASE_URL: "https://app.example.test", AC_HOST_WHITELIST: "127.0.0.1", BITBUCKET_API_BASE: options.simUrl,
      APP_SECRET_KEY: randomBytes(32).toString("hex"), DATABASE_URL: options.databaseUrl, DATA_DIR: options.dataDir,
      WEB_CONCURRENCY: String(options.processes),
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const output = () => readFileSync(logFile, "utf8");
  const exited = new Promise<number | null>((resolve) => { child.once("exit", (code) => { resolve(code); }); });
  let port: number | undefined;
  for (const deadline = Date.now() + 60_000; port === undefined;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${String(child.exitCode)}):\n${output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`the server did not start in 60 s:\n${output().slice(-3000)}`);
    const ports = [...output().matchAll(/"port":(\d+),"pid":\d+,[^\n]*"msg":"Project Access is listening"/g)].map((m) => Number(m[1]));
    if (ports.length >= options.processes) port = ports[0];
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
    output: () => output().slice(-3000),
  };
}
