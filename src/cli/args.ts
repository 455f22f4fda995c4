import { parseArgs } from "node:util";
import { UsageError } from "./errors";
import { commandSpec, optionsOf, type CommandSpec } from "./spec";

export type OptionValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export type ParsedCommandLine =
  | { readonly kind: "help"; readonly spec?: CommandSpec }
  | { readonly kind: "command"; readonly spec: CommandSpec; readonly positionals: readonly string[]; readonly values: OptionValues };

const see = (spec?: CommandSpec): string => `see \`project-access ${spec ? `${spec.name} ` : ""}--help\``;

/** Node's own parse messages are long and mention `--` tricks; ours name the flag and the command. */
const usageFromParseError = (error: unknown, spec: CommandSpec): UsageError => {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new UsageError(`unknown option ${flag} for \`${spec.name}\` (${see(spec)})`);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return new UsageError(
        message.includes("ambiguous") ? `option ${flag} needs a value; write ${flag}=VALUE for one that starts with '-' (${see(spec)})`
        : message.includes("argument missing") ? `option ${flag} needs a value (${see(spec)})`
        : `option ${flag} takes no value (${see(spec)})`,
      );
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new UsageError(`unexpected argument for \`${spec.name}\` (${see(spec)})`);
    default:
      return new UsageError(`${message.split("\n")[0] ?? message} (${see(spec)})`);
  }
};

/**
 * Splits `argv` (without node and the script) into a command, its positionals and options, with node's `util.parseArgs`
 * in strict mode: an unknown or misspelt flag is an error, never ignored.
 * @throws {UsageError} for an unknown command or option, a missing or extra argument
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError("no command given", `run \`project-access --help\` for the list of commands`);
  if (name === "--help" || name === "-h" || name === "help") {
    const about = rest[0] === undefined ? undefined : commandSpec(rest[0]);
    return about ? { kind: "help", spec: about } : { kind: "help" };
  }
  const spec = commandSpec(name);
  if (!spec) throw new UsageError(`unknown command "${name}" (${see()})`);

  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: { ...optionsOf(spec) }, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageFromParseError(error, spec);
  }
  if (parsed.values.help === true) return { kind: "help", spec };

  const required = spec.positionals.filter((p) => p.required).length;
  if (parsed.positionals.length < required) {
    const missing = spec.positionals[parsed.positionals.length]?.name ?? "an argument";
    throw new UsageError(`\`${spec.name}\` needs ${missing} (${see(spec)})`);
  }
  if (parsed.positionals.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument "${parsed.positionals[spec.positionals.length] ?? ""}" for \`${spec.name}\` (${see(spec)})`);
  }
  return { kind: "command", spec, positionals: parsed.positionals, values: parsed.values };
}

export const stringOption = (values: OptionValues, name: string): string | undefined => {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
};

export const listOption = (values: OptionValues, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
};

/** A whole number in `[min, max]`, or the default when the flag is absent. @throws {UsageError} */
export function intOption(values: OptionValues, name: string, fallback: number, min: number, max: number): number {
  const raw = stringOption(values, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return n;
}
