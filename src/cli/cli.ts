import { parseCommandLine } from "./args";
import { accessCommand } from "./commands/access";
import { applyCommand } from "./commands/apply";
import { auditCommand } from "./commands/audit";
import { retryCommand, undoCommand } from "./commands/derive";
import { cancelCommand, jobCommand, jobsCommand } from "./commands/jobs";
import { planCommand } from "./commands/plan";
import { projectsCommand } from "./commands/projects";
import { resumeCommand } from "./commands/resume";
import type { Command } from "./context";
import { readCredential } from "./credentials";
import { EXIT, type ExitCode } from "./errors";
import { explain } from "./explain";
import { commandHelp, generalHelp } from "./help";
import { writeLine, type CliIo } from "./io";
import { openRuntime, openSession, type Runtime, type Session } from "./runtime";
import { readSettings } from "./settings";

const COMMAND_RUNS: Readonly<Record<string, Command>> = {
  projects: projectsCommand, access: accessCommand, plan: planCommand, apply: applyCommand, jobs: jobsCommand, job: jobCommand,
  resume: resumeCommand, retry: retryCommand, undo: undoCommand, cancel: cancelCommand, audit: auditCommand,
};

/**
 * The whole command line as a function of its arguments and IO: parse, read settings and credentials (usage errors before
 * anything is opened), open the database, check the token, run the command. Errors become an exit code and plain lines on
 * stderr, never a stack trace; a secret is never printed.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let runtime: Runtime | undefined;
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === "help") {
      writeLine(io.stdout, parsed.spec ? commandHelp(parsed.spec) : generalHelp());
      return EXIT.ok;
    }
    const { spec, positionals, values } = parsed;
    const settings = readSettings(spec, values, io);
    const credential = spec.needsCredentials ? await readCredential(values, io) : undefined;
    const run = COMMAND_RUNS[spec.name];
    if (!run) throw new Error(`No implementation for \`${spec.name}\``);
    runtime = await openRuntime(settings, io);
    const opened = runtime;
    let session: Promise<Session> | undefined;
    const sessionOnce = credential ? () => (session ??= openSession(opened, credential)) : undefined;
    return await run({ spec, positionals, values, io, runtime, session: sessionOnce });
  } catch (error) {
    const { exitCode, message, hint } = explain(error);
    writeLine(io.stderr, `project-access: ${message}`);
    if (hint !== undefined) writeLine(io.stderr, hint);
    return exitCode;
  } finally {
    await runtime?.close();
  }
}
