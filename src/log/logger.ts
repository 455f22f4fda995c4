import pino, { type Logger, type DestinationStream } from "pino";

export type { Logger };

/**
 * Paths pino blanks in every log line. Secrets must never reach a log: install payloads carry `sharedSecret`,
 * requests carry `Authorization` and `?jwt=`, credential bodies carry `apiToken`.
 */
export const REDACTED_PATHS = [
  "sharedSecret",
  "*.sharedSecret",
  "*.*.sharedSecret",
  "apiToken",
  "*.apiToken",
  "*.*.apiToken",
  "password",
  "*.password",
  "token",
  "*.token",
  "jwt",
  "*.jwt",
  "authorization",
  "*.authorization",
  "*.*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "req.headers.cookie",
  "req.query.jwt",
  "res.headers[\"x-acpt\"]",
];

/** Builds the app's logger; tests pass a destination stream to read what was logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, base: undefined };
  return destination ? pino(options, destination) : pino(options);
}
