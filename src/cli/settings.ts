import path from "node:path";
import { intOption, stringOption, type OptionValues } from "./args";
import { UsageError } from "./errors";
import type { CliIo } from "./io";
import type { CommandSpec, Format } from "./spec";

export const DEFAULT_BASE_URL = "https://api.bitbucket.org";
/** The app's defaults (src/jobs/workspace-limits.ts): 900 leaves a tenth of Bitbucket's 1,000 per hour for your own use. */
export const DEFAULT_BUDGET = 900;
export const DEFAULT_CONCURRENCY = 4;

/** What every command knows once its flags and the environment are read. */
export interface Settings {
  readonly workspace: string;
  /** A `sqlite:` (or `postgres://`) URL for openDatabase. */
  readonly dbUrl: string;
  readonly format: Format;
  readonly baseUrl: string;
  readonly callsPerHour: number;
  readonly concurrency: number;
}

const WORKSPACE = /^(?:[A-Za-z0-9_.-]{1,100}|\{[0-9a-fA-F-]{36}\})$/;

/** Where the database lives when --db is not given: the user's data directory (XDG on Linux). */
export function defaultDbPath(io: Pick<CliIo, "env" | "homeDir" | "platform">): string {
  const { env } = io;
  const xdg = env.XDG_DATA_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg
    : io.platform === "win32" && env.LOCALAPPDATA !== undefined ? env.LOCALAPPDATA
    : path.join(io.homeDir, ".local", "share");
  return path.join(base, "project-access", "project-access.db");
}

const toDbUrl = (value: string): string =>
  value.startsWith("sqlite:") || value.startsWith("postgres://") || value.startsWith("postgresql://") ? value : `sqlite:${path.resolve(value)}`;

/** @throws {UsageError} for a missing workspace or a malformed value */
export function readSettings(spec: CommandSpec, values: OptionValues, io: Pick<CliIo, "env" | "homeDir" | "platform">): Settings {
  const workspace = stringOption(values, "workspace") ?? io.env.BITBUCKET_WORKSPACE;
  if (workspace === undefined || workspace === "") {
    throw new UsageError("no workspace: pass --workspace SLUG or set BITBUCKET_WORKSPACE");
  }
  if (!WORKSPACE.test(workspace)) throw new UsageError(`--workspace must be a workspace slug or {uuid}, not "${workspace}"`);

  const format = (stringOption(values, "format") ?? spec.formats[0] ?? "table") as Format;
  if (!spec.formats.includes(format)) {
    throw new UsageError(`--format for \`${spec.name}\` is one of ${spec.formats.join(", ")}, not "${format}"`);
  }

  const baseUrl = stringOption(values, "base-url") ?? DEFAULT_BASE_URL;
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL, not "${baseUrl}"`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UsageError(`--base-url must be an http(s) URL, not "${baseUrl}"`);

  return {
    workspace,
    dbUrl: toDbUrl(stringOption(values, "db") ?? defaultDbPath(io)),
    format,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    callsPerHour: intOption(values, "budget", DEFAULT_BUDGET, 1, 100_000),
    concurrency: intOption(values, "concurrency", DEFAULT_CONCURRENCY, 1, 32),
  };
}

/** The job store's tenant key for a workspace: the CLI's rows never mix with an installation's (`cli:` is no clientKey). */
export const tenantOf = (workspace: string): string => `cli:${workspace.toLowerCase()}`;
