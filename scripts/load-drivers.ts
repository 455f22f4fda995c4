/**
 * The load generators `npm run load` can drive the app with, behind one shape. wrk (Debian's `wrk` package) is preferred
 * when it is on PATH: it is written in C and needs a small part of one CPU for the rates measured here, whereas
 * autocannon, in Node, needs about a whole one, which on a 2-CPU machine it takes from the app it measures.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

/** One request of the rotation: every connection takes the next one in turn. */
export interface LoadRequest { readonly path: string; readonly authorization: string }

export interface LoadRun {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requests: readonly LoadRequest[];
}

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly total: number;
  /** Socket errors, timeouts and error answers (autocannon: any non-2xx; wrk: 4xx and 5xx, as wrk counts them). */
  readonly errors: number;
}

export interface LoadDriver {
  readonly name: string;
  run(load: LoadRun): Promise<LoadFigures>;
}

const run = promisify(execFile);

async function onPath(command: string): Promise<boolean> {
  try {
    await run("sh", ["-c", `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

export const autocannonDriver: LoadDriver = {
  name: "autocannon",
  async run({ url, connections, seconds, requests }) {
    let next = 0;
    const result = await autocannon({
      url, connections, duration: seconds,
      requests: [{
        method: "GET",
        setupRequest: (req) => {
          const r = requests[next++ % requests.length];
          if (!r) throw new Error("no requests to send");
          return { ...req, path: r.path, headers: { ...req.headers, authorization: r.authorization } };
        },
      }],
    });
    return {
      requestsPerSecond: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, maxMs: result.latency.max,
      total: result.requests.total, errors: result.errors + result.timeouts + result.non2xx,
    };
  },
};

/** Lua for wrk: rotates through the requests and prints the figures as one JSON line. */
function wrkScript(requests: readonly LoadRequest[]): string {
  const quote = (s: string) => JSON.stringify(s); // a JSON string of ASCII is a valid Lua string literal
  const entries = requests.map((r) => `  {${quote(r.path)}, ${quote(r.authorization)}},`).join("\n");
  return `local entries = {
${entries}
}
local built = {}
local next_index = 0
init = function(args)
  for i, e in ipairs(entries) do built[i] = wrk.format("GET", e[1], { ["Authorization"] = e[2] }) end
end
request = function()
  next_index = next_index % #built + 1
  return built[next_index]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"socket_errors":%d,"status_errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
`;
}

interface WrkResult { requests: number; duration_us: number; p50_us: number; p99_us: number; max_us: number; socket_errors: number; status_errors: number }

export const wrkDriver: LoadDriver = {
  name: "wrk",
  async run({ url, connections, seconds, requests }) {
    const dir = await mkdtemp(path.join(tmpdir(), "load-wrk-"));
    try {
      const script = path.join(dir, "rotate.lua");
      await writeFile(script, wrkScript(requests));
      // One thread: the app needs the other CPU. --timeout well above any latency seen, so slow answers count as slow.
      const { stdout } = await run("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, url], { maxBuffer: 1 << 20 });
      const line = /WRK_RESULT (\{.*\})/.exec(stdout)?.[1];
      if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
      const r = JSON.parse(line) as WrkResult;
      return {
        requestsPerSecond: r.requests / (r.duration_us / 1e6), p50Ms: r.p50_us / 1000, p99Ms: r.p99_us / 1000, maxMs: r.max_us / 1000,
        total: r.requests, errors: r.socket_errors + r.status_errors,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** LOAD_TOOL=wrk|autocannon chooses; otherwise wrk when installed, autocannon (an npm dependency) when not. */
export async function chooseDriver(wanted = process.env.LOAD_TOOL): Promise<LoadDriver> {
  if (wanted === "autocannon") return autocannonDriver;
  if (wanted === "wrk" || await onPath("wrk")) return wrkDriver;
  return autocannonDriver;
}
