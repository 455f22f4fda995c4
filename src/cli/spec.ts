/**
 * The command line's vocabulary: every command, its arguments and options, as data. Parsing (args.ts) and `--help`
 * (help.ts) both read it, so a flag cannot be accepted without being documented.
 */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's placeholder in help, e.g. `KEY`. */
  readonly value?: string;
  readonly description: string;
}

export type Format = "table" | "json" | "csv";

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** After `project-access <name>`. */
  readonly usage: string;
  readonly positionals: readonly { readonly name: string; readonly required: boolean }[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly formats: readonly Format[];
  /** Calls Bitbucket, so it needs an email and API token. */
  readonly needsCredentials: boolean;
  readonly details?: readonly string[];
}

export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  workspace: { type: "string", short: "w", value: "SLUG", description: "The Bitbucket workspace (default: $BITBUCKET_WORKSPACE)" },
  db: { type: "string", value: "PATH", description: "The local database of jobs, plans and audit (default: $XDG_DATA_HOME/project-access/project-access.db)" },
  format: { type: "string", value: "FORMAT", description: "Output format" },
  help: { type: "boolean", short: "h", description: "Show help for the command" },
};

export const CREDENTIAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  email: { type: "string", value: "EMAIL", description: "Your Atlassian account email (default: $BITBUCKET_EMAIL)" },
  "token-stdin": { type: "boolean", description: "Read the API token from standard input (default: $BITBUCKET_API_TOKEN)" },
  "base-url": { type: "string", value: "URL", description: "The Bitbucket API host (default: https://api.bitbucket.org)" },
  budget: { type: "string", value: "N", description: "Calls per rolling hour this tool may make as you (default: 900 of Bitbucket's 1,000)" },
  concurrency: { type: "string", value: "N", description: "Permission changes in flight at once (default: 4)" },
};

const PLAN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  principal: { type: "string", short: "p", value: "user:ID|group:SLUG", description: "Who: a user's {uuid} or account id, or a group's slug" },
  permission: { type: "string", value: "LEVEL", description: "read, write, create-repo (project only), admin, or none to revoke" },
  scope: { type: "string", value: "SCOPE", description: "project (one grant every repository inherits), repositories (one per repository), or both" },
  include: { type: "string", multiple: true, value: "GLOB", description: "Only repositories whose slug matches (repeatable)" },
  exclude: { type: "string", multiple: true, value: "GLOB", description: "Skip repositories whose slug matches (repeatable)" },
};

const YES: Readonly<Record<string, OptionSpec>> = { yes: { type: "boolean", short: "y", description: "Do not ask for confirmation" } };

const JOB_RUN_DETAILS = [
  "The job runs here with a progress bar. Ctrl-C stops it after the calls in flight; `project-access resume JOB` continues.",
  "Every change is stored in the local database before the first call, so a crash loses nothing: resume it.",
];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "projects", summary: "List the workspace's projects", usage: "[options]", positionals: [], options: {},
    formats: ["table", "json"], needsCredentials: true,
  },
  {
    name: "access", summary: "Show who has access to a project, and why", usage: "PROJECT [--principal user:ID|group:SLUG] [options]",
    positionals: [{ name: "PROJECT", required: true }],
    options: { principal: { type: "string", short: "p", value: "user:ID|group:SLUG", description: "Show one principal's access to every repository, with its sources" } },
    formats: ["table", "json", "csv"], needsCredentials: true,
  },
  {
    name: "plan", summary: "Preview a grant, change or revoke, and save it as a plan",
    usage: "PROJECT --principal P --permission LEVEL --scope SCOPE [--include GLOB…] [--exclude GLOB…] [options]",
    positionals: [{ name: "PROJECT", required: true }], options: PLAN_OPTIONS, formats: ["table", "json"], needsCredentials: true,
    details: ["Reads the project's access from Bitbucket (2 calls per repository), prints what would change and saves the plan.", "Apply it later with `project-access apply --plan ID`."],
  },
  {
    name: "apply", summary: "Plan and apply a change (or apply a saved plan)",
    usage: "PROJECT --principal P --permission LEVEL --scope SCOPE [--include GLOB…] [--exclude GLOB…] [--yes] [options]\n       project-access apply --plan ID [--yes] [options]",
    positionals: [{ name: "PROJECT", required: false }],
    options: { ...PLAN_OPTIONS, plan: { type: "string", value: "ID", description: "Apply a plan saved by `project-access plan`" }, ...YES },
    formats: ["table", "json"], needsCredentials: true,
    details: ["Shows the plan and asks for confirmation (answer y) unless --yes. Without a terminal on standard input, --yes is required.", ...JOB_RUN_DETAILS],
  },
  {
    name: "jobs", summary: "List recent jobs", usage: "[--project KEY] [--limit N] [options]", positionals: [],
    options: { project: { type: "string", value: "KEY", description: "Only this project's jobs" }, limit: { type: "string", value: "N", description: "At most N jobs (default 20)" } },
    formats: ["table", "json"], needsCredentials: false,
  },
  {
    name: "job", summary: "Show one job and its failed items", usage: "ID [options]", positionals: [{ name: "ID", required: true }], options: {},
    formats: ["table", "json"], needsCredentials: false,
  },
  {
    name: "resume", summary: "Continue a job that was interrupted", usage: "JOB [options]", positionals: [{ name: "JOB", required: true }], options: {},
    formats: ["table", "json"], needsCredentials: true, details: JOB_RUN_DETAILS,
  },
  {
    name: "retry", summary: "Run a finished job's failed items again, as a new job", usage: "JOB [options]",
    positionals: [{ name: "JOB", required: true }], options: {}, formats: ["table", "json"], needsCredentials: true, details: JOB_RUN_DETAILS,
  },
  {
    name: "undo", summary: "Restore what a finished job changed, as a new job", usage: "JOB [--yes] [options]",
    positionals: [{ name: "JOB", required: true }], options: YES, formats: ["table", "json"], needsCredentials: true,
    details: ["Sets every grant the job changed back to its level before the job; grants changed elsewhere since are overwritten.", ...JOB_RUN_DETAILS],
  },
  {
    name: "cancel", summary: "Cancel an unfinished job's remaining items", usage: "JOB [options]", positionals: [{ name: "JOB", required: true }], options: {},
    formats: ["table", "json"], needsCredentials: false,
  },
  {
    name: "audit", summary: "Every permission change attempted, newest first", usage: "[--project KEY] [--limit N] [--format table|csv|json] [options]",
    positionals: [],
    options: { project: { type: "string", value: "KEY", description: "Only this project's changes" }, limit: { type: "string", value: "N", description: "At most N entries (default 1000)" } },
    formats: ["table", "csv", "json"], needsCredentials: false,
  },
];

export const commandSpec = (name: string): CommandSpec | undefined => COMMANDS.find((c) => c.name === name);

/**
 * Every option a command accepts: its own, the connection ones and the common ones. Commands that only read the local
 * database accept (and ignore) the connection options too, so a script can pass one set of flags to every command.
 */
export const optionsOf = (spec: CommandSpec): Readonly<Record<string, OptionSpec>> => ({
  ...spec.options,
  ...CREDENTIAL_OPTIONS,
  ...COMMON_OPTIONS,
});
