import { createInterface } from "node:readline";
import { UsageError } from "./errors";
import type { CommandContext } from "./context";

/**
 * Whether this run may ask a question: standard input must be a terminal that no token was read from.
 * @throws {UsageError} when it cannot ask and --yes was not given (scripts must say --yes; a silent yes would be a guess)
 */
export function requireConfirmable(ctx: CommandContext): void {
  if (ctx.values.yes === true) return;
  if (ctx.io.stdin.isTTY !== true || ctx.values["token-stdin"] === true) {
    throw new UsageError(`\`${ctx.spec.name}\` asks for confirmation, but standard input is not a terminal: pass --yes`);
  }
}

/** Asks on stderr and reads one answer from the terminal; only `y` or `yes` confirms. */
export async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  if (ctx.values.yes === true) return true;
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.question(`${question} [y/N] `, resolve);
      rl.once("close", () => { resolve(""); });
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
