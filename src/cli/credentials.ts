import type { BitbucketCredential } from "../bitbucket";
import { stringOption, type OptionValues } from "./args";
import { UsageError } from "./errors";
import type { CliIo, InStream } from "./io";

export type TokenCredential = Extract<BitbucketCredential, { kind: "api-token" }>;

const TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens";

/** Reads standard input to its end (a pipe or a redirected file). */
async function readAll(stdin: InStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The admin's API token, from BITBUCKET_EMAIL / BITBUCKET_API_TOKEN or --email with the token piped to --token-stdin
 * (never a flag: flags end up in shell history and `ps`). It stays in memory: never printed, logged or stored.
 * @see https://support.atlassian.com/bitbucket-cloud/docs/api-tokens/
 * @throws {UsageError} when either half is missing, explaining how to give it
 */
export async function readCredential(values: OptionValues, io: Pick<CliIo, "env" | "stdin">): Promise<TokenCredential> {
  const email = (stringOption(values, "email") ?? io.env.BITBUCKET_EMAIL ?? "").trim();
  let apiToken: string;
  if (values["token-stdin"] === true) {
    if (io.stdin.isTTY === true) throw new UsageError("--token-stdin reads the token from a pipe, e.g. `project-access … --token-stdin < token.txt`");
    apiToken = (await readAll(io.stdin)).split(/\r?\n/)[0]?.trim() ?? "";
    if (apiToken === "") throw new UsageError("--token-stdin read no token from standard input");
  } else {
    apiToken = (io.env.BITBUCKET_API_TOKEN ?? "").trim();
  }
  if (email === "" || apiToken === "") {
    const missing = email === "" && apiToken === "" ? "no Bitbucket credentials" : email === "" ? "no email for the API token" : "no API token";
    throw new UsageError(
      `${missing}: set BITBUCKET_EMAIL and BITBUCKET_API_TOKEN, or pass --email and pipe the token to --token-stdin`,
      `Use an Atlassian API token of a workspace admin (create one at ${TOKEN_PAGE}); Bitbucket refuses permission changes from anyone else.`,
    );
  }
  return { kind: "api-token", email, apiToken };
}
