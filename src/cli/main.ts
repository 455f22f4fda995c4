/**
 * The `project-access` entry point: the one file that touches `process` (arguments, environment, streams, signals, exit).
 * bin/project-access.js loads its compiled form; tests run it with `node --import tsx src/cli/main.ts`.
 */
import os from "node:os";
import { runCli } from "./cli";
import type { CliIo } from "./io";

/** The first Ctrl-C goes to the handler (a clean stop); a second one quits at once, as terminals users expect. */
const onInterrupt = (handler: () => void): (() => void) => {
  let pressed = false;
  const listener = (): void => {
    if (pressed) process.exit(130);
    pressed = true;
    handler();
  };
  process.on("SIGINT", listener);
  return () => { process.off("SIGINT", listener); };
};

const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  clock: Date.now,
  onInterrupt,
  homeDir: os.homedir(),
  platform: process.platform,
  processTag: `${os.hostname()}:${process.pid}`,
};

/** Exits once stdout and stderr are flushed: a handle left open (a database pool after a failed open) must not keep us alive. */
const exitAfterFlush = (code: number): void => {
  process.stdout.write("", () => {
    process.stderr.write("", () => process.exit(code));
  });
};

runCli(process.argv.slice(2), io).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`project-access: ${error instanceof Error ? error.message : String(error)}\n`);
  exitAfterFlush(1);
});
