import { backoffMs, decideOutcome, DEFAULT_OUTCOME_POLICY } from "./outcome-policy";

const NOW = 1_000_000;
const first = { attempts: 1, retries: 0 };

describe("outcome policy", () => {
  test("When the error is not retryable, then the item fails with the error's code and message", () => {
    const e = Object.assign(new Error("User is not a member"), { code: "bad_request", isRetryable: false, status: 400 });
    expect(decideOutcome(e, first, NOW)).toEqual({ kind: "failed", error: { code: "BAD_REQUEST", message: "User is not a member" } });
  });

  test("When the error is a rejected write credential, by code or by class name, then the job stops", () => {
    expect(decideOutcome(Object.assign(new Error("refused"), { code: "WRITE_CREDENTIAL_REJECTED" }), first, NOW).kind).toBe("stop-job");
    class WriteCredentialRejected extends Error { override name = "WriteCredentialRejected"; }
    expect(decideOutcome(new WriteCredentialRejected("refused"), first, NOW).kind).toBe("stop-job");
  });

  test("When the budget names a retry time, then the item waits until then without spending a retry", () => {
    const e = { code: "budget_exhausted", isRetryable: true, message: "spent", retryAtMs: NOW + 5000 };
    expect(decideOutcome(e, first, NOW)).toMatchObject({ kind: "retry", notBeforeMs: NOW + 5000, counted: false });
  });

  test("When Bitbucket sent Retry-After, then it is honoured", () => {
    const e = { code: "rate_limited", isRetryable: true, message: "429", retryAfterMs: 7000 };
    expect(decideOutcome(e, first, NOW)).toMatchObject({ kind: "retry", notBeforeMs: NOW + 7000, counted: false });
  });

  test("When a server error repeats, then backoff grows, is capped, and the item fails once retries run out", () => {
    const policy = { ...DEFAULT_OUTCOME_POLICY, maxRetries: 2, backoff: { baseMs: 100, factor: 2, maxMs: 300, jitter: 0 } };
    const e = { code: "server_error", isRetryable: true, message: "503" };
    expect(decideOutcome(e, { attempts: 1, retries: 0 }, NOW, policy)).toMatchObject({ kind: "retry", notBeforeMs: NOW + 100, counted: true });
    expect(decideOutcome(e, { attempts: 2, retries: 1 }, NOW, policy)).toMatchObject({ kind: "retry", notBeforeMs: NOW + 200 });
    expect(decideOutcome(e, { attempts: 3, retries: 2 }, NOW, policy)).toEqual({ kind: "failed", error: { code: "SERVER_ERROR", message: "Gave up after 2 retries: 503" } });
    expect(backoffMs(10, policy.backoff, () => 0.5)).toBe(300);
  });

  test("When jitter is on, then the delay stays within its band", () => {
    const b = { baseMs: 1000, factor: 2, maxMs: 60_000, jitter: 0.2 };
    expect(backoffMs(0, b, () => 0)).toBe(800);
    expect(backoffMs(0, b, () => 0.999999)).toBe(1200);
  });

  test("When something that is not an error is thrown, then the item fails as internal", () => {
    expect(decideOutcome("boom", first, NOW)).toEqual({ kind: "failed", error: { code: "INTERNAL", message: "boom" } });
  });
});
