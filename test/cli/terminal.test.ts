import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { RunningSimulator } from "../bitbucket-sim";
import { groupLevels, OWNER_EMAIL, OWNER_TOKEN, ROOT, scratchDir, startCliSimulator } from "./harness";

const REPOS = 80;
const hasTmux = ((): boolean => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** A pseudo-terminal through tmux, on a private server socket so a developer's own tmux is never touched. */
const tmux = (socket: string, ...args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });

(hasTmux ? describe : describe.skip)("project-access on a terminal", () => {
  let sim: RunningSimulator;
  const scratch = scratchDir();
  const socket = `pa-cli-test-${process.pid}`;

  beforeAll(async () => {
    sim = await startCliSimulator((ws) => ws.withProject("TTY", { repos: REPOS }));
    sim.setFaults([{ method: "PUT", pathGlob: "/2.0/repositories/**", delayMs: 60 }]);
  });
  afterAll(async () => {
    try { tmux(socket, "kill-server"); } catch { /* already gone */ }
    await sim.close();
    scratch.remove();
  });

  test("When apply runs on a terminal, then it asks for confirmation, takes \"y\", and draws a progress bar that advances to the end", async () => {
    const script = path.join(scratch.dir, "run.sh");
    const quote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;
    fs.writeFileSync(script, [
      `cd ${quote(ROOT)}`,
      `export HOME=${quote(scratch.dir)} BITBUCKET_EMAIL=${quote(OWNER_EMAIL)} BITBUCKET_API_TOKEN=${quote(OWNER_TOKEN)}`,
      `${quote(process.execPath)} --import tsx src/cli/main.ts apply TTY --principal group:developers --permission write --scope repositories ` +
        `--workspace acme --base-url ${quote(sim.url)} --db ${quote(scratch.db)} --budget 5000`,
      `echo "EXIT=$?"`,
      "sleep 120",
    ].join("\n"));
    tmux(socket, "new-session", "-d", "-s", "pa", "-x", "120", "-y", "30", `sh ${quote(script)}`);
    const screen = (): string => tmux(socket, "capture-pane", "-p", "-t", "pa");
    const until = async (predicate: (text: string) => boolean, timeoutMs = 20_000): Promise<string> => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (predicate(text)) return text;
        if (Date.now() > end) throw new Error(`Timed out; the terminal shows:\n${text}`);
        await new Promise((r) => setTimeout(r, 40));
      }
    };

    const prompt = await until((t) => t.includes("[y/N]"));
    expect(prompt).toMatch(/Apply 80 changes to project TTY in acme\? \[y\/N\]/);
    expect(prompt).toMatch(/grant +80/);
    tmux(socket, "send-keys", "-t", "pa", "y", "Enter");

    // Sample the bar while it runs: it is redrawn in place, so each capture shows its current state.
    const seen = new Set<number>();
    const last = await until((t) => {
      for (const m of t.matchAll(/\[[█░]+\] \d+\/80 · done (\d+)/g)) seen.add(Number(m[1]));
      return t.includes("EXIT=");
    }, 30_000);
    const partial = [...seen].filter((n) => n > 0 && n < REPOS);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    expect(last).toMatch(/\[█+\] 80\/80 · done 80 · failed 0 · remaining 0/);
    expect(last).toMatch(/Job [0-9a-f-]{36} \(apply\) succeeded/);
    expect(last).toContain("EXIT=0");
    expect(last).not.toContain(OWNER_TOKEN);
    expect([...groupLevels(sim, "TTY", "developers").values()].every((level) => level === "write")).toBe(true);
  });
});
