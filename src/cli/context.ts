import type { OptionValues } from "./args";
import type { ExitCode } from "./errors";
import type { CliIo } from "./io";
import type { Runtime, Session } from "./runtime";
import type { CommandSpec } from "./spec";

/**
 * What a command runs with. `session` opens the Bitbucket session (checking the token) on first use, so a command refuses
 * wrong flags before any call; it is absent for commands that only read the local database.
 */
export interface CommandContext {
  readonly spec: CommandSpec;
  readonly positionals: readonly string[];
  readonly values: OptionValues;
  readonly io: CliIo;
  readonly runtime: Runtime;
  readonly session: (() => Promise<Session>) | undefined;
}

export type Command = (ctx: CommandContext) => Promise<ExitCode>;

/** @throws {Error} when a command that needs Bitbucket runs without a session (a wiring mistake, not a user's). */
export function sessionOf(ctx: CommandContext): Promise<Session> {
  if (!ctx.session) throw new Error(`\`${ctx.spec.name}\` ran without a Bitbucket session`);
  return ctx.session();
}

/** Prints the command's result: exactly one JSON document with --format json, else the human text. */
export function emit(ctx: CommandContext, json: unknown, human: () => string): void {
  ctx.io.stdout.write(ctx.runtime.settings.format === "json" ? `${JSON.stringify(json, null, 2)}\n` : `${human()}\n`);
}

/** Where text meant for a person goes: stdout, unless stdout is reserved for the JSON document. */
export const humanStream = (ctx: CommandContext) => (ctx.runtime.settings.format === "json" ? ctx.io.stderr : ctx.io.stdout);
