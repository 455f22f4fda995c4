import { createMemoryCallBudget } from "./budget";
import { createBitbucketClient } from "./client";
import type { BitbucketCredential } from "./credentials";
import { BudgetExhausted, NotFound, UnexpectedResponse } from "./errors";
import { path } from "./path";
import { errorResponse, fakeTime, jsonResponse, noContentResponse, recordingFetch } from "./testing/recording-fetch";
import type { ResponseEvent } from "./transport";

const jwt: BitbucketCredential = { kind: "connect-jwt", appKey: "project-access", clientKey: "connection:42", sharedSecret: "the-shared-secret" };
const token: BitbucketCredential = { kind: "api-token", email: "admin@example.com", apiToken: "ATATT-secret" };
const baseUrl = "https://api.bitbucket.org";

describe("createBitbucketClient", () => {
  test("When a DELETE answers 204 with no body and no Content-Type, then it resolves", async () => {
    const { fetch, requests } = recordingFetch([noContentResponse()]);
    const api = createBitbucketClient({ baseUrl, fetch, throttle: false }).as(token);
    await expect(api.delete(path`/2.0/repositories/${"acme"}/${"r"}/permissions-config/users/${"{u}"}`)).resolves.toBeUndefined();
    expect(requests[0]!.method).toBe("DELETE");
    expect(requests[0]!.url.pathname).toBe("/2.0/repositories/acme/r/permissions-config/users/%7Bu%7D");
  });

  test("When a PUT is sent, then the body is JSON with a JSON Content-Type and the answer is parsed", async () => {
    const { fetch, requests } = recordingFetch([jsonResponse(200, { permission: "write" })]);
    const api = createBitbucketClient({ baseUrl, fetch, throttle: false }).as(token);
    await expect(api.put(path`/2.0/x`, { permission: "write" })).resolves.toEqual({ permission: "write" });
    expect(requests[0]!.body).toBe('{"permission":"write"}');
    expect(requests[0]!.headers.get("content-type")).toBe("application/json");
    expect(requests[0]!.headers.get("accept")).toBe("application/json");
  });

  test("When a query has undefined values and arrays, then undefined is dropped and arrays repeat the key", async () => {
    const { fetch, requests } = recordingFetch([jsonResponse(200, {})]);
    const api = createBitbucketClient({ baseUrl, fetch, throttle: false }).as(token);
    await api.get(path`/2.0/x`, { q: undefined, role: ["admin", "member"], pagelen: 100, flag: true, sort: "user.display_name" });
    expect(requests[0]!.url.search).toBe("?role=admin&role=member&pagelen=100&flag=true&sort=user.display_name");
  });

  test("When a 2xx body is not JSON, then UnexpectedResponse is thrown", async () => {
    const { fetch } = recordingFetch([new Response("<html>login</html>", { status: 200, headers: { "Content-Type": "text/html" } })]);
    const api = createBitbucketClient({ baseUrl, fetch, throttle: false }).as(token);
    await expect(api.get(path`/2.0/user`)).rejects.toBeInstanceOf(UnexpectedResponse);
  });

  test("When getText is used, then the raw body comes back", async () => {
    const { fetch } = recordingFetch([new Response("plain words", { status: 200, headers: { "Content-Type": "text/plain" } })]);
    const api = createBitbucketClient({ baseUrl, fetch, throttle: false }).as(token);
    await expect(api.getText(path`/1.0/x`)).resolves.toBe("plain words");
  });

  test("When the budget refuses, then BudgetExhausted (retryable, with retryAtMs) is thrown before any fetch", async () => {
    const time = fakeTime();
    const { fetch, requests } = recordingFetch([]);
    const budget = { tryAcquire: jest.fn(() => Promise.resolve({ granted: false as const, retryAtMs: time.clock() + 5000 })) };
    const api = createBitbucketClient({ baseUrl, fetch, budget, clock: time.clock, throttle: false }).as(token);
    const error: unknown = await api.get(path`/2.0/user`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExhausted);
    expect(error).toMatchObject({ isRetryable: true, retryAtMs: time.clock() + 5000, budgetKey: "user:admin@example.com" });
    expect(requests).toHaveLength(0);
    expect(budget.tryAcquire).toHaveBeenCalledWith("user:admin@example.com", 1);
  });

  test("When a memory budget of 2 is spent, then the third call is refused and nothing is sent", async () => {
    const time = fakeTime();
    const { fetch, requests } = recordingFetch(() => jsonResponse(200, {}));
    const budget = createMemoryCallBudget({ callsPerHour: 2, clock: time.clock });
    const api = createBitbucketClient({ baseUrl, fetch, budget, clock: time.clock, throttle: false }).as(jwt);
    await api.get(path`/2.0/user`);
    await api.get(path`/2.0/user`);
    await expect(api.get(path`/2.0/user`)).rejects.toBeInstanceOf(BudgetExhausted);
    expect(requests).toHaveLength(2);
  });

  test("When responses arrive, then onResponse hears method, path, status, ms and budget key, never headers or secrets", async () => {
    const time = fakeTime();
    const events: ResponseEvent[] = [];
    const { fetch } = recordingFetch((_request, index) => {
      time.advance(25);
      return index === 0 ? jsonResponse(200, {}) : errorResponse(404, "nope");
    }, time.clock);
    const api = createBitbucketClient({ baseUrl, fetch, clock: time.clock, throttle: false, onResponse: (e) => events.push(e) }).as(jwt);
    await api.get(path`/2.0/user`, { q: 'user.email="a@b.c"' });
    await expect(api.get(path`/2.0/users/${"{u}"}`)).rejects.toBeInstanceOf(NotFound);
    expect(events).toEqual([
      { method: "GET", path: "/2.0/user", status: 200, ms: 25, budgetKey: "jwt:connection:42", attempt: 1 },
      { method: "GET", path: "/2.0/users/%7Bu%7D", status: 404, ms: 25, budgetKey: "jwt:connection:42", attempt: 1, errorCode: "not_found" },
    ]);
    const logged = JSON.stringify(events);
    expect(logged).not.toMatch(/JWT |Basic |the-shared-secret|a@b\.c/);
  });

  test("When a network error happens, then onResponse hears it with no status", async () => {
    const events: ResponseEvent[] = [];
    const { fetch } = recordingFetch(() => Promise.reject(new TypeError("fetch failed")));
    const api = createBitbucketClient({ baseUrl, fetch, retry: false, throttle: false, onResponse: (e) => events.push(e) }).as(token);
    await expect(api.get(path`/2.0/user`)).rejects.toMatchObject({ code: "network_error" });
    expect(events[0]).toMatchObject({ status: undefined, errorCode: "network_error" });
  });

  test("When an error is thrown, then it carries neither the Authorization header nor the secret", async () => {
    const { fetch } = recordingFetch([errorResponse(401, "Token is invalid, expired, or not supported for this endpoint.")]);
    const api = createBitbucketClient({ baseUrl, fetch, throttle: false }).as(token);
    const error: unknown = await api.get(path`/2.0/user`).catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toMatch(/ATATT|Basic/);
    expect(String(error)).not.toMatch(/ATATT|Basic/);
  });

  test("When a get is given an absolute URL on another origin, then it refuses before sending any credential", async () => {
    const { fetch, requests } = recordingFetch([]);
    const api = createBitbucketClient({ baseUrl, fetch, throttle: false }).as(token);
    await expect(api.get(new URL("https://evil.example/2.0/user"))).rejects.toThrow(TypeError);
    expect(requests).toHaveLength(0);
  });

  test("When the API base has a path prefix, then paths are sent under it", async () => {
    const { fetch, requests } = recordingFetch([jsonResponse(200, {})]);
    await createBitbucketClient({ baseUrl: "http://127.0.0.1:8080/bb/", fetch, throttle: false }).as(token).get(path`/2.0/user`);
    expect(requests[0]!.url.href).toBe("http://127.0.0.1:8080/bb/2.0/user");
  });

  test("When the API base ends in /2.0 or is not http(s), then the client refuses to build", () => {
    expect(() => createBitbucketClient({ baseUrl: "https://api.bitbucket.org/2.0" })).toThrow(TypeError);
    expect(() => createBitbucketClient({ baseUrl: "ftp://api.bitbucket.org" })).toThrow(TypeError);
  });
});

describe("timeouts", () => {
  test("When fetch ignores the abort signal, then the attempt still ends as Timeout", async () => {
    const { fetch } = recordingFetch(() => new Promise<Response>(() => undefined));
    const api = createBitbucketClient({ baseUrl, fetch, retry: false, throttle: false, timeoutMs: 5 }).as(token);
    await expect(api.get(path`/2.0/user`)).rejects.toMatchObject({ code: "timeout" });
  });
});
