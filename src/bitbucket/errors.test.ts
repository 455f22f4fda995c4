import {
  BadRequest,
  BitbucketError,
  Forbidden,
  Gone,
  NotFound,
  PaymentRequired,
  RateLimited,
  SeatLimit,
  ServerError,
  Unauthorized,
  WriteCredentialRejected,
  parseRetryAfterMs,
  toBitbucketError,
  type FailedRequest,
} from "./errors";

const NOW = Date.UTC(2026, 0, 1);
const get: FailedRequest = { method: "GET", url: new URL("https://api.bitbucket.org/2.0/repositories/acme/r?q=user.email%3D%22a%40b.c%22") };
const putGrant: FailedRequest = { method: "PUT", url: new URL("https://api.bitbucket.org/2.0/repositories/acme/r/permissions-config/users/%7Bu%7D") };
const deleteGrant: FailedRequest = { method: "DELETE", url: new URL("https://api.bitbucket.org/2.0/workspaces/acme/projects/P/permissions-config/groups/devs") };

const envelope = (message: string, detail?: string): string =>
  JSON.stringify({ type: "error", error: detail === undefined ? { message } : { message, detail } });
const snapshot = (status: number, text: string, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers), text });

describe("toBitbucketError", () => {
  test.each([
    [400, "bad_request", false, BadRequest],
    [401, "unauthorized", false, Unauthorized],
    [402, "payment_required", false, PaymentRequired],
    [403, "forbidden", false, Forbidden],
    [404, "not_found", false, NotFound],
    [410, "gone", false, Gone],
    [429, "rate_limited", true, RateLimited],
    [500, "server_error", true, ServerError],
    [502, "server_error", true, ServerError],
    [503, "server_error", true, ServerError],
    [504, "server_error", true, ServerError],
  ] as const)("When Bitbucket answers a GET with %i, then the error has code %s (retryable: %s)", (status, code, retryable, type) => {
    const error = toBitbucketError(snapshot(status, envelope("Something")), get, NOW);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(BitbucketError);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.isRetryable).toBe(retryable);
    expect(error.method).toBe("GET");
    expect(error.path).toBe("/2.0/repositories/acme/r");
  });

  test("When the status is one without a class (409, 422, 3xx), then it is a plain non-retryable BitbucketError", () => {
    for (const status of [302, 409, 422]) {
      const error = toBitbucketError(snapshot(status, ""), get, NOW);
      expect(error.constructor).toBe(BitbucketError);
      expect(error.code).toBe("unexpected_status");
      expect(error.isRetryable).toBe(false);
    }
  });

  test("When the body is Bitbucket's envelope, then message and detail come from it", () => {
    const error = toBitbucketError(snapshot(410, envelope("CHANGE-2770 - Functionality has been deprecated", "Please read the changelog entry for more details.")), get, NOW);
    expect(error.message).toBe("CHANGE-2770 - Functionality has been deprecated");
    expect(error.bitbucketMessage).toBe(error.message);
    expect(error.detail).toBe("Please read the changelog entry for more details.");
    expect(error.bodyExcerpt).toContain("CHANGE-2770");
  });

  test("When the body is not JSON, then the message names the method, path and status", () => {
    const error = toBitbucketError(snapshot(502, "<html>Bad gateway</html>"), get, NOW);
    expect(error.message).toBe("Bitbucket answered 502 to GET /2.0/repositories/acme/r");
    expect(error.bitbucketMessage).toBeUndefined();
    expect(error.bodyExcerpt).toBe("<html>Bad gateway</html>");
  });

  test("When a 403 answers a PUT of permissions-config, then it is WriteCredentialRejected in plain words, with Bitbucket's body", () => {
    const text = envelope("The requesting user isn't an admin of the repository, or the authentication method was not via app password.");
    const error = toBitbucketError(snapshot(403, text), putGrant, NOW);
    expect(error).toBeInstanceOf(WriteCredentialRejected);
    expect(error).toBeInstanceOf(Forbidden);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(/^Bitbucket refused this credential for permission changes/);
    expect(error.message).toContain("authentication method was not via app password");
    expect(error.bodyExcerpt).toContain("authentication method");
  });

  test("When a 403 answers a DELETE of project permissions-config, then it is WriteCredentialRejected too", () => {
    expect(toBitbucketError(snapshot(403, envelope("x")), deleteGrant, NOW)).toBeInstanceOf(WriteCredentialRejected);
  });

  test("When a 403 answers a GET of permissions-config, then it is a plain Forbidden", () => {
    const read: FailedRequest = { method: "GET", url: putGrant.url };
    const error = toBitbucketError(snapshot(403, envelope("x")), read, NOW);
    expect(error).toBeInstanceOf(Forbidden);
    expect(error).not.toBeInstanceOf(WriteCredentialRejected);
  });

  test("When a 402 answers a permission PUT, then it is a SeatLimit (a PaymentRequired)", () => {
    const error = toBitbucketError(snapshot(402, envelope("User limit reached")), putGrant, NOW);
    expect(error).toBeInstanceOf(SeatLimit);
    expect(error).toBeInstanceOf(PaymentRequired);
    expect(error.code).toBe("seat_limit");
  });

  test("When a 429 comes as text/plain, then it is parsed as text without expecting JSON and has no retryAfterMs", () => {
    const error = toBitbucketError(snapshot(429, "Rate limit for this resource has been exceeded", { "content-type": "text/plain" }), get, NOW);
    expect(error).toBeInstanceOf(RateLimited);
    expect(error.message).toBe("Rate limit for this resource has been exceeded");
    expect(error).toMatchObject({ retryAfterMs: undefined });
  });

  test("When a 429 carries Retry-After in seconds or as a date, then retryAfterMs honours it", () => {
    const seconds = toBitbucketError(snapshot(429, "limited", { "retry-after": "7" }), get, NOW);
    expect(seconds).toMatchObject({ retryAfterMs: 7000 });
    const date = toBitbucketError(snapshot(429, "limited", { "retry-after": new Date(NOW + 90_000).toUTCString() }), get, NOW);
    expect(date).toMatchObject({ retryAfterMs: 90_000 });
  });

  test("When Retry-After is unreadable, then it is ignored", () => {
    expect(parseRetryAfterMs(new Headers({ "retry-after": "soon" }), NOW)).toBeUndefined();
    expect(parseRetryAfterMs(new Headers(), NOW)).toBeUndefined();
  });

  test("When a body holds control characters or is long, then the excerpt is one bounded line", () => {
    const error = toBitbucketError(snapshot(500, `line1\r\nline2\u0000${"x".repeat(2000)}`), get, NOW);
    expect(error.bodyExcerpt).not.toMatch(/[\r\n]/);
    expect(error.bodyExcerpt).not.toContain("\u0000");
    expect(error.bodyExcerpt!.length).toBeLessThanOrEqual(501);
  });

  test("When an error is made, then its path carries no query (which may hold emails)", () => {
    const error = toBitbucketError(snapshot(400, envelope("bad")), get, NOW);
    expect(JSON.stringify(error)).not.toContain("a%40b.c");
    expect(error.message).not.toContain("a%40b.c");
  });
});
