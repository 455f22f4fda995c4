/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from `LOAD_CPU_PROF=/tmp/prof npm run load`) without extra tools:
 * self time per package (node_modules/<pkg>, node:internal, our src/) and the top functions by self time, so a load run
 * says where the time of a request goes.
 *
 * Usage: node --import tsx scripts/cpu-profile-summary.ts <file.cpuprofile> [top=25] [lastSeconds]
 * `lastSeconds` keeps only the samples of the profile's last seconds (the measured phase, not the setup before it).
 */
import fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Groups a script URL into something a person can act on: a package, our source folder, or Node's internals. */
function bucketOf(url: string): string {
  if (url === "") return "(native/gc/idle)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith("node:")) return "node:internal";
  const src = /\/(src|test|scripts)\/(.*)$/.exec(url);
  return src ? `${src[1] ?? ""}/${src[2] ?? ""}` : url;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error("usage: cpu-profile-summary.ts <file.cpuprofile> [top]");
  const top = Number(process.argv[3] ?? 25);
  const lastUs = process.argv[4] === undefined ? Infinity : Number(process.argv[4]) * 1e6;
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const spanUs = profile.timeDeltas.reduce((a, b) => a + b, 0);
  let atUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    atUs += delta;
    if (spanUs - atUs <= lastUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const bucket = frame.functionName === "(idle)" ? "(idle)" : frame.functionName === "(garbage collector)" ? "(gc)" : bucketOf(frame.url);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    const fn = `${frame.functionName || "(anonymous)"} ${bucketOf(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  process.stdout.write(`total ${(total / 1e6).toFixed(1)} s sampled\n\nself time by package/file:\n`);
  for (const [name, us] of [...buckets].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)}  ${name}\n`);
  process.stdout.write("\ntop functions (self):\n");
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(us)}  ${name}\n`);
}

main();
