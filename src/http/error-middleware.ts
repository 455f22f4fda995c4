import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import type { Logger } from "../log/logger";
import type { ApiErrorBody } from "../shared/api-types";
import { ApiError } from "./api-error";
import { traceIdOf } from "./request-log";

/** body-parser's error `type`s (raw-body), mapped to what the caller did wrong. */
const BODY_ERRORS: Record<string, [number, ApiError["code"], string]> = {
  "entity.parse.failed": [400, "INVALID_JSON", "The request body is not valid JSON"],
  "entity.too.large": [413, "PAYLOAD_TOO_LARGE", "The request body is too large"],
  "encoding.unsupported": [415, "UNSUPPORTED_MEDIA_TYPE", "The request body's encoding is not supported"],
  "charset.unsupported": [415, "UNSUPPORTED_MEDIA_TYPE", "The request body's charset is not supported"],
};

function asApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  const e = err as { type?: unknown; status?: unknown; statusCode?: unknown; code?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== "object") return undefined;
  if (typeof e.type === "string") {
    const known = BODY_ERRORS[e.type];
    if (known) return new ApiError(known[0], known[1], known[2]);
  }
  const status = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : undefined;
  // Anything Express or body-parser flags as the client's fault (a malformed URL, an aborted body, …).
  if (status !== undefined && status >= 400 && status < 500) return new ApiError(400, "BAD_REQUEST", "The request is malformed");
  // ACE's `{code, message}` from a route we did not wrap (its shadowed webhook routes).
  if ((e.code === 400 || e.code === 401) && typeof e.message === "string") return new ApiError(401, "UNAUTHENTICATED", "Authentication failed");
  return undefined;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The one error answer: `{"error": {"code","message","details"?}, "traceId"}` with the ApiError's status. Anything else is a
 * 500 INTERNAL with a generic message (the cause goes to the log with the trace id). A browser opening a page gets the same
 * words as a small HTML page.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const traceId = traceIdOf(req);
    const apiError = asApiError(err) ?? new ApiError(500, "INTERNAL", "Something went wrong on our side; the trace id identifies it in our logs");
    if (apiError.httpStatus >= 500) logger.error({ traceId, err }, "request failed");
    else logger.info({ traceId, code: apiError.code, status: apiError.httpStatus, reason: apiError.message }, "request refused");
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(apiError.httpStatus);
    res.setHeader("Cache-Control", "no-store");
    if (!isApi(req) && req.accepts(["json", "html"]) === "html") {
      res.type("html").send(`<!doctype html><meta charset="utf-8"><title>Project Access</title><p>${escapeHtml(apiError.message)}</p><p><small>Trace id: ${traceId}</small></p>`);
      return;
    }
    const body: ApiErrorBody = {
      error: { code: apiError.code, message: apiError.message, ...(apiError.details === undefined ? {} : { details: apiError.details }) },
      traceId,
    };
    res.json(body);
  };
}

function isApi(req: Request): boolean {
  return req.originalUrl.startsWith("/api/") || req.originalUrl === "/api";
}

/** The last route: a JSON 404 for anything no route answered (an unknown /api route included). */
export function notFound(): RequestHandler {
  return (req, _res, next) => {
    next(new ApiError(404, "NOT_FOUND", `No route for ${req.method} ${req.path}`));
  };
}
