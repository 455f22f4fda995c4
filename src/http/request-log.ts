import { randomUUID } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { Logger } from "../log/logger";
import { TRACE_ID_HEADER } from "../shared/api-types";

const traceIds = new WeakMap<Request, string>();

/** The request's trace id (also in the `X-Trace-Id` answer header and every error body). */
export function traceIdOf(req: Request): string {
  let id = traceIds.get(req);
  if (id === undefined) {
    id = randomUUID();
    traceIds.set(req, id);
  }
  return id;
}

/**
 * One log line per request: method, path WITHOUT the query string (pages carry `?jwt=`), status, duration, trace id.
 * Headers and bodies are never logged, so `Authorization`, tokens and install secrets cannot reach the log from here;
 * pino's redaction (src/log/logger.ts) is the second line.
 */
export function requestLog(logger: Logger): RequestHandler {
  // These lines hold only the fields below, none of which can be a secret by its name, so redaction (a walk of every
  // wildcard path for every line, about three quarters of a request line's logging cost) has nothing to find in them.
  // A secret pasted into a URL path would not be caught by key-based redaction either.
  const lines = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const traceId = traceIdOf(req);
    const startedAt = process.hrtime.bigint();
    res.setHeader(TRACE_ID_HEADER, traceId);
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
      lines.info({ traceId, method: req.method, path: req.originalUrl.split("?")[0], status: res.statusCode, ms: Math.round(ms) }, "request");
    });
    next();
  };
}
