import path from "node:path";

/** Everything the app reads from its environment, parsed once. Nothing outside src/config touches process.env. */
export interface Config {
  readonly nodeEnv: "development" | "production" | "test";
  readonly port: number;
  /** The public base URL Bitbucket reaches the app on; the descriptor's baseUrl. */
  readonly localBaseUrl: string | undefined;
  /** `sqlite:PATH`, `sqlite::memory:` or `postgres://…`. */
  readonly databaseUrl: string;
  /** Hosts allowed to install the app, besides bitbucket.org and api.bitbucket.org. */
  readonly hostAllowlist: readonly string[];
  /** The only Bitbucket REST base the app will send an installation secret to. */
  readonly bitbucketApiBase: string;
  /** 32-byte key for AES-256-GCM, base64 or hex in the environment; undefined means "generate into dataDir" (not in production). */
  readonly appSecretKey: Buffer | undefined;
  readonly dataDir: string;
  /** Start the local Bitbucket simulator next to the app (development only). */
  readonly sandbox: boolean;
  readonly hostScriptUrl: string;
  readonly logLevel: string;
  /**
   * Processes that serve HTTP and run jobs (WEB_CONCURRENCY, the usual name on Node hosts): one per CPU uses the machine;
   * they share the port (node:cluster) and the database as separate instances would. The sandbox always runs one.
   */
  readonly webConcurrency: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
  }
}

export const DEFAULT_ALLOWED_HOSTS = ["bitbucket.org", "api.bitbucket.org"] as const;
export const DEFAULT_BITBUCKET_API_BASE = "https://api.bitbucket.org";
export const DEFAULT_HOST_SCRIPT_URL = "https://bitbucket.org/atlassian-connect/all.js";

function parseSecretKey(raw: string, problems: string[]): Buffer | undefined {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    problems.push("APP_SECRET_KEY must be 32 bytes, written as 64 hex characters or base64");
    return undefined;
  }
  return key;
}

/**
 * Reads the configuration from an environment. Pure: it neither creates files nor reads them, so tests pass a literal env.
 * Every problem is collected and thrown together so an operator fixes them in one go.
 * @throws {ConfigError} when a variable is malformed, or a production setting is missing
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnvRaw = env.NODE_ENV ?? "development";
  const nodeEnv = nodeEnvRaw === "production" || nodeEnvRaw === "test" ? nodeEnvRaw : "development";

  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number, got "${env.PORT ?? ""}"`);

  const databaseUrl = env.DATABASE_URL && env.DATABASE_URL !== "" ? env.DATABASE_URL : "sqlite:data/app.db";
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    problems.push("DATABASE_URL must start with sqlite: or postgres://");
  }

  const appSecretKey = env.APP_SECRET_KEY ? parseSecretKey(env.APP_SECRET_KEY, problems) : undefined;
  if (nodeEnv === "production" && !env.APP_SECRET_KEY) problems.push("APP_SECRET_KEY is required when NODE_ENV=production");

  const localBaseUrl = env.AC_LOCAL_BASE_URL && env.AC_LOCAL_BASE_URL !== "" ? env.AC_LOCAL_BASE_URL.replace(/\/$/, "") : undefined;
  if (nodeEnv === "production" && !localBaseUrl?.startsWith("https://")) {
    problems.push("AC_LOCAL_BASE_URL must be an https:// URL when NODE_ENV=production");
  }

  const sandboxRaw = env.BITBUCKET_SANDBOX ?? "";
  if (!["", "0", "1"].includes(sandboxRaw)) problems.push("BITBUCKET_SANDBOX must be 0 or 1");
  const sandbox = nodeEnv === "development" && sandboxRaw !== "0";

  const webConcurrency = env.WEB_CONCURRENCY === undefined || env.WEB_CONCURRENCY === "" ? 1 : Number(env.WEB_CONCURRENCY);
  if (!Number.isInteger(webConcurrency) || webConcurrency < 1 || webConcurrency > 64) {
    problems.push(`WEB_CONCURRENCY must be a whole number from 1 to 64, got "${env.WEB_CONCURRENCY ?? ""}"`);
  }

  const hostAllowlist = (env.AC_HOST_WHITELIST ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    nodeEnv,
    port,
    localBaseUrl,
    databaseUrl,
    hostAllowlist: Object.freeze([...DEFAULT_ALLOWED_HOSTS, ...hostAllowlist]),
    bitbucketApiBase: (env.BITBUCKET_API_BASE && env.BITBUCKET_API_BASE !== "" ? env.BITBUCKET_API_BASE : DEFAULT_BITBUCKET_API_BASE).replace(/\/$/, ""),
    appSecretKey,
    dataDir: path.resolve(env.DATA_DIR && env.DATA_DIR !== "" ? env.DATA_DIR : "data"),
    sandbox,
    hostScriptUrl: env.AC_HOST_SCRIPT_URL && env.AC_HOST_SCRIPT_URL !== "" ? env.AC_HOST_SCRIPT_URL : DEFAULT_HOST_SCRIPT_URL,
    logLevel: env.LOG_LEVEL && env.LOG_LEVEL !== "" ? env.LOG_LEVEL : nodeEnv === "test" ? "silent" : "info",
    webConcurrency,
  });
}
