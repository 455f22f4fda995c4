import { BudgetExhausted, Forbidden, NotFound, RateLimited, ServerError, WriteCredentialRejected } from "../../bitbucket";
import { EngineError } from "../../engine";
import { JobConflict } from "../../jobs";
import { ApiError } from "../api-error";
import { toApiError } from "./error-mapping";

const NOW = Date.UTC(2026, 0, 1);
const mapped = (error: unknown) => toApiError(error, NOW) as ApiError;

describe("toApiError", () => {
  test("When the call budget is spent, then the answer is 503 BITBUCKET_RATE_LIMITED with when to come back", () => {
    const e = mapped(new BudgetExhausted({ message: "spent", budgetKey: "user:a", retryAtMs: NOW + 60_000 }));
    expect([e.httpStatus, e.code, e.details]).toEqual([503, "BITBUCKET_RATE_LIMITED", { retryAt: new Date(NOW + 60_000).toISOString() }]);
  });

  test("When Bitbucket rate-limits without Retry-After, then retryAt is a minute away", () => {
    const e = mapped(new RateLimited({ message: "Rate limit for this resource has been exceeded", status: 429 }));
    expect(e.details).toEqual({ retryAt: new Date(NOW + 60_000).toISOString() });
  });

  test.each([
    [new EngineError("CREDENTIAL_REQUIRED", "x"), 409, "CREDENTIAL_REQUIRED"],
    [new EngineError("CREDENTIAL_REJECTED", "x"), 400, "CREDENTIAL_REJECTED"],
    [new EngineError("CREDENTIAL_NOT_ADMIN", "x"), 403, "CREDENTIAL_NOT_ADMIN"],
    [new EngineError("NOT_FOUND", "x"), 404, "NOT_FOUND"],
    [new JobConflict("JOB_NOT_FINISHED", "x"), 409, "JOB_NOT_FINISHED"],
    [new NotFound({ message: "no", status: 404 }), 404, "NOT_FOUND"],
    [new Forbidden({ message: "no", status: 403 }), 502, "BITBUCKET_UNAVAILABLE"],
    [new WriteCredentialRejected({ message: "no", status: 403, bitbucketMessage: "not via app password" }), 502, "BITBUCKET_UNAVAILABLE"],
    [new ServerError({ message: "boom", status: 503 }), 503, "BITBUCKET_UNAVAILABLE"],
  ] as const)("When %p is thrown, then the answer is %i %s", (error, status, code) => {
    const e = mapped(error);
    expect([e.httpStatus, e.code]).toEqual([status, code]);
  });

  test("When something unknown is thrown, then it is left for the error middleware's 500", () => {
    const error = new TypeError("bug");
    expect(toApiError(error, NOW)).toBe(error);
  });
});
