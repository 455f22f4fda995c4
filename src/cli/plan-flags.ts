import { parsePlanRequest, type PlanRequest } from "../access";
import { listOption, stringOption, type OptionValues } from "./args";
import { UsageError } from "./errors";

/** The flag that carries each field of a plan request, for error messages in the user's words. */
const FLAG_OF: Readonly<Record<string, string>> = {
  principal: "--principal", "principal.id": "--principal", "principal.slug": "--principal", "principal.type": "--principal",
  permission: "--permission", scope: "--scope", repositories: "--include/--exclude",
  "repositories.include": "--include", "repositories.exclude": "--exclude",
};

const flagOf = (path: string): string => FLAG_OF[path] ?? FLAG_OF[path.replace(/\.\d+$/, "")] ?? path;

/**
 * `user:ID` or `group:SLUG` as the plan request's principal; anything else is left for the schema to reject by name.
 * @throws {UsageError} without a `user:` or `group:` prefix
 */
export function principalFlag(value: string): { type: "user"; id: string } | { type: "group"; slug: string } {
  const colon = value.indexOf(":");
  const type = value.slice(0, colon);
  const id = value.slice(colon + 1);
  if (colon < 0 || (type !== "user" && type !== "group") || id === "") {
    throw new UsageError(`--principal must be user:ID (a {uuid} or account id) or group:SLUG, not "${value}"`);
  }
  return type === "user" ? { type, id } : { type, slug: id };
}

/**
 * The plan request the flags describe, validated by the same schema as the app's API (src/access/plan-request.ts).
 * @throws {UsageError} naming the first wrong or missing flag
 */
export function planRequestFromFlags(values: OptionValues, command: string): PlanRequest {
  const missing = ["principal", "permission", "scope"].filter((name) => stringOption(values, name) === undefined);
  if (missing.length > 0) {
    throw new UsageError(`\`${command}\` needs ${missing.map((m) => `--${m}`).join(", ")} (see \`project-access ${command} --help\`)`);
  }
  const include = listOption(values, "include");
  const exclude = listOption(values, "exclude");
  const body = {
    principal: principalFlag(stringOption(values, "principal") ?? ""),
    permission: stringOption(values, "permission"),
    scope: stringOption(values, "scope"),
    ...(include.length > 0 || exclude.length > 0
      ? { repositories: { ...(include.length > 0 ? { include } : {}), ...(exclude.length > 0 ? { exclude } : {}) } }
      : {}),
  };
  const parsed = parsePlanRequest(body);
  if (!parsed.ok) {
    const [first] = parsed.errors;
    const reason = first === undefined ? "is invalid" : `${flagOf(first.path)}: ${first.message}`;
    throw new UsageError(`${reason} (see \`project-access ${command} --help\`)`);
  }
  return parsed.request;
}
