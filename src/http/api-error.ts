import type { ErrorCode } from "../shared/api-types";

/**
 * The one error type routes throw. The error middleware (src/http/error-middleware.ts) turns it into
 * `{"error": {"code", "message", "details"?}, "traceId"}` with `httpStatus`. Messages are shown to admins: say what
 * happened and what to do, and never put a secret or token in one.
 */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
