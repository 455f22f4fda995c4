import { COMMANDS, optionsOf, type CommandSpec, type OptionSpec } from "./spec";

const BIN = "project-access";

const optionLine = (name: string, option: OptionSpec, formats?: readonly string[]): [string, string] => {
  const flag = `${option.short === undefined ? "    " : `-${option.short}, `}--${name}${option.value === undefined ? "" : ` ${option.value}`}`;
  const description = name === "format" && formats ? `${option.description}: ${formats.join(", ")} (default ${formats[0] ?? "table"})` : option.description;
  return [flag, description];
};

const columns = (rows: readonly (readonly [string, string])[]): string[] => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
};

/** `project-access --help`. */
export function generalHelp(): string {
  return [
    `${BIN}: grant, change and revoke access across the repositories of a Bitbucket Cloud project,`,
    "with a preview, progress, audit and undo.",
    "",
    `Usage: ${BIN} <command> [arguments] [options]`,
    "",
    "Commands:",
    ...columns(COMMANDS.map((c) => [c.name, c.summary])),
    "",
    "Credentials: BITBUCKET_EMAIL and BITBUCKET_API_TOKEN, or --email with the token piped to --token-stdin.",
    "The token is an Atlassian API token of a workspace admin (https://id.atlassian.com/manage-profile/security/api-tokens).",
    "It is never printed, logged or stored.",
    "",
    "Exit codes: 0 ok, 1 failure, 2 usage error, 3 partially applied.",
    "",
    `Run \`${BIN} <command> --help\` for a command's options.`,
  ].join("\n");
}

/** `project-access <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  const options = Object.entries(optionsOf(spec)).map(([name, option]) => optionLine(name, option, spec.formats));
  return [
    `${spec.summary}.`,
    "",
    `Usage: ${BIN} ${spec.name} ${spec.usage}`,
    ...(spec.details ? ["", ...spec.details] : []),
    "",
    "Options:",
    ...columns(options),
    ...(spec.needsCredentials ? [] : ["", "This command reads the local database only; it calls Bitbucket never and ignores the credentials."]),
  ].join("\n");
}
