import type { Readable, Writable } from "node:stream";

/** A stream that may be a terminal (process.stdout/stderr/stdin are; pipes are not). */
export type OutStream = Writable & { readonly isTTY?: boolean; readonly columns?: number };
export type InStream = Readable & { readonly isTTY?: boolean };

/**
 * Everything the command line touches outside itself, injected so that main.ts is the only file that reads `process`
 * (style.md example 2). stdout carries results only; prompts, progress and errors go to stderr.
 */
export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: InStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** Registers a Ctrl-C handler for the duration of a job; returns its removal. */
  readonly onInterrupt: (handler: () => void) => () => void;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  /** host:pid, for the job worker's lease owner. */
  readonly processTag: string;
}

export const writeLine = (stream: OutStream, line = ""): void => {
  stream.write(`${line}\n`);
};
