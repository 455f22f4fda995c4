import { createMemoryCallBudget } from "./budget";
import { createBitbucketClient, type BitbucketClientOptions } from "./client";
import type { BitbucketCredential } from "./credentials";
import { BadRequest, BudgetExhausted, NetworkError, RateLimited, ServerError, Timeout } from "./errors";
import { path } from "./path";
import { backoffMs, DEFAULT_RETRY_POLICY } from "./retry";
import { errorResponse, fakeTime, hangingResponder, jsonResponse, rateLimitedResponse, recordingFetch, type Responder } from "./testing/recording-fetch";

const token: BitbucketCredential = { kind: "api-token", email: "admin@example.com", apiToken: "t" };

function setup(respond: Responder | Response[], options: Partial<BitbucketClientOptions> = {}) {
  const time = fakeTime();
  const recorder = recordingFetch(respond, time.clock);
  const client = createBitbucketClient({
    baseUrl: "https://api.bitbucket.org",
    fetch: recorder.fetch,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    throttle: false,
    ...options,
  });
  return { time, requests: recorder.requests, api: client.as(token) };
}

describe("retry", () => {
  test("When a 5xx persists, then the request is tried 1 + 3 times with jittered exponential backoff, then ServerError", async () => {
    const { time, requests, api } = setup(() => errorResponse(503, "Service unavailable"));
    await expect(api.get(path`/2.0/user`)).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(4);
    // random 0.5 → ceiling * 0.75: ceilings 1000, 2000, 4000
    expect(time.sleeps).toEqual([750, 1500, 3000]);
    const gaps = requests.slice(1).map((r, i) => r.atMs - requests[i]!.atMs);
    expect(gaps).toEqual([750, 1500, 3000]);
  });

  test("When a 5xx is followed by success, then the caller gets the success", async () => {
    const { requests, api } = setup([errorResponse(500, "oops"), jsonResponse(200, { uuid: "{u}" })]);
    await expect(api.get(path`/2.0/user`)).resolves.toEqual({ uuid: "{u}" });
    expect(requests).toHaveLength(2);
  });

  test.each([400, 401, 402, 403, 404, 409, 410, 422])("When Bitbucket answers %i, then it is never retried", async (status) => {
    const { time, requests, api } = setup(() => errorResponse(status, "no"));
    await expect(api.get(path`/2.0/user`)).rejects.toMatchObject({ status });
    expect(requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  test("When a 429 has no Retry-After, then it is retried with backoff", async () => {
    const { time, requests, api } = setup([rateLimitedResponse(), jsonResponse(200, {})]);
    await api.get(path`/2.0/user`);
    expect(requests).toHaveLength(2);
    expect(time.sleeps).toEqual([750]);
  });

  test("When a 429 carries Retry-After, then the retry waits exactly that long", async () => {
    const { time, api } = setup([rateLimitedResponse({ "Retry-After": "12" }), jsonResponse(200, {})]);
    await api.get(path`/2.0/user`);
    expect(time.sleeps).toEqual([12_000]);
  });

  test("When Retry-After exceeds maxDelayMs, then the client does not sleep on it and throws RateLimited", async () => {
    const { time, requests, api } = setup([rateLimitedResponse({ "Retry-After": "3600" })]);
    await expect(api.get(path`/2.0/user`)).rejects.toMatchObject({ retryAfterMs: 3_600_000 });
    expect(requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  test("When retryRateLimited is false, then a 429 is thrown at once for the job to reschedule", async () => {
    const { time, requests, api } = setup([rateLimitedResponse()], { retry: { retryRateLimited: false } });
    await expect(api.get(path`/2.0/user`)).rejects.toBeInstanceOf(RateLimited);
    expect(requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  test("When one credential view sets retryRateLimited false, then only that view skips 429 retries", async () => {
    const time = fakeTime();
    const recorder = recordingFetch([rateLimitedResponse(), rateLimitedResponse(), jsonResponse(200, {})], time.clock);
    const client = createBitbucketClient({ baseUrl: "https://api.bitbucket.org", fetch: recorder.fetch, clock: time.clock, sleep: time.sleep, throttle: false });
    await expect(client.as(token, { retry: { retryRateLimited: false } }).get(path`/2.0/user`)).rejects.toBeInstanceOf(RateLimited);
    await expect(client.as(token).get(path`/2.0/user`)).resolves.toEqual({});
    expect(recorder.requests).toHaveLength(3);
  });

  test("When a network error happens, then it is retried and surfaces as NetworkError when it persists", async () => {
    const { requests, api } = setup(() => Promise.reject(new TypeError("fetch failed")), { retry: { retries: 2 } });
    await expect(api.get(path`/2.0/user`)).rejects.toBeInstanceOf(NetworkError);
    expect(requests).toHaveLength(3);
  });

  test("When an attempt times out, then it is retried and surfaces as Timeout", async () => {
    const { requests, api } = setup(hangingResponder, { retry: { retries: 1 }, timeoutMs: 5 });
    await expect(api.get(path`/2.0/user`)).rejects.toBeInstanceOf(Timeout);
    expect(requests).toHaveLength(2);
  });

  test("When retry is switched off, then a 5xx is thrown after one attempt", async () => {
    const { requests, api } = setup(() => errorResponse(500, "x"), { retry: false });
    await expect(api.get(path`/2.0/user`)).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(1);
  });

  test("When the budget refuses a retry, then BudgetExhausted is thrown and never retried", async () => {
    const time = fakeTime();
    const recorder = recordingFetch(() => errorResponse(500, "x"), time.clock);
    const budget = createMemoryCallBudget({ callsPerHour: 2, clock: time.clock });
    const api = createBitbucketClient({ baseUrl: "https://api.bitbucket.org", fetch: recorder.fetch, clock: time.clock, sleep: time.sleep, random: () => 0, throttle: false, budget }).as(token);
    const error: unknown = await api.get(path`/2.0/user`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExhausted);
    expect(recorder.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([500, 1000]);
  });

  test("When a 4xx is wrapped by the policy, then retries do not change the error's type", async () => {
    const { api } = setup([errorResponse(400, "bad value")]);
    await expect(api.put(path`/2.0/x`, {})).rejects.toBeInstanceOf(BadRequest);
  });

  test("When the backoff ceiling passes maxDelayMs, then the delay is capped", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseMs: 1000, maxDelayMs: 5000 };
    expect(backoffMs(policy, 10, () => 0.999999)).toBe(5000);
    expect(backoffMs(policy, 1, () => 0)).toBe(500);
  });
});
