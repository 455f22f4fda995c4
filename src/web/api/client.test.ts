import { ApiClient, filenameFromDisposition, withQuery, type FetchLike } from "./client";
import { ApiError } from "./errors";

interface Call { url: string; init: RequestInit }

const fakeFetch = (responses: Response[]): { fetch: FetchLike; calls: Call[] } => {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      const next = responses.shift();
      return next ? Promise.resolve(next) : Promise.reject(new TypeError("Failed to fetch"));
    },
  };
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const authOf = (call: Call | undefined): string | undefined => (call?.init.headers as Record<string, string> | undefined)?.Authorization;

describe("ApiClient", () => {
  test("When a response carries X-acpt, then the next request sends that fresh token", async () => {
    const { fetch, calls } = fakeFetch([json(200, { values: [] }, { "X-acpt": "fresh-1" }), json(200, { values: [] })]);
    const client = new ApiClient({ token: "initial", fetch });
    await client.json("GET", "/api/projects");
    await client.json("GET", "/api/projects");
    expect(authOf(calls[0])).toBe("JWT initial");
    expect(authOf(calls[1])).toBe("JWT fresh-1");
    expect(client.token).toBe("fresh-1");
  });

  test("When an error response carries X-acpt, then the token is still swapped", async () => {
    const { fetch } = fakeFetch([json(404, { error: { code: "NOT_FOUND", message: "No such job" } }, { "X-acpt": "fresh-2" })]);
    const client = new ApiClient({ token: "initial", fetch });
    await expect(client.json("GET", "/api/jobs/x")).rejects.toBeInstanceOf(ApiError);
    expect(client.token).toBe("fresh-2");
  });

  test("When the server answers with the error envelope, then the ApiError carries its code, message, details and kind", async () => {
    const details = { fields: [{ path: "concurrency", message: "must be 1 to 16" }] };
    const { fetch } = fakeFetch([json(400, { error: { code: "VALIDATION_FAILED", message: "Bad settings", details } })]);
    const client = new ApiClient({ token: "t", fetch });
    const error = await client.json("PUT", "/api/settings", { body: { concurrency: 99 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect([apiError.status, apiError.code, apiError.message, apiError.kind]).toEqual([400, "VALIDATION_FAILED", "Bad settings", "validation"]);
    expect(apiError.fieldErrors).toEqual({ concurrency: "must be 1 to 16" });
  });

  test.each([
    [409, "CREDENTIAL_REQUIRED", "credential-required"],
    [403, "NOT_AN_ADMIN", "not-admin"],
    [503, "BITBUCKET_UNAVAILABLE", "bitbucket-unavailable"],
    [503, "BITBUCKET_RATE_LIMITED", "rate-limited"],
    [429, "RATE_LIMITED", "rate-limited"],
    [409, "PLAN_STALE", "conflict"],
  ])("When the server answers %i %s, then the error kind is %s", async (status, code, kind) => {
    const { fetch } = fakeFetch([json(status, { error: { code, message: "m" } })]);
    const error = await new ApiClient({ token: "t", fetch }).json("POST", "/api/plans/p/apply").catch((e: unknown) => e);
    expect((error as ApiError).kind).toBe(kind);
  });

  test("When the body is not the envelope, then the error is typed by status with the text", async () => {
    const { fetch } = fakeFetch([new Response("Bad Gateway", { status: 502 })]);
    const error = (await new ApiClient({ token: "t", fetch }).json("GET", "/api/projects").catch((e: unknown) => e)) as ApiError;
    expect([error.code, error.kind]).toEqual(["UNKNOWN", "bitbucket-unavailable"]);
    expect(error.message).toContain("502");
  });

  test("When the network fails, then the error kind is network", async () => {
    const { fetch } = fakeFetch([]);
    const error = (await new ApiClient({ token: "t", fetch }).json("GET", "/api/projects").catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.kind]).toEqual([0, "network"]);
  });

  test("When the server answers 401, then the session is expired and listeners hear it once", async () => {
    const unauthorized = (): Response => json(401, { error: { code: "UNAUTHENTICATED", message: "Token expired" } });
    const { fetch } = fakeFetch([unauthorized(), unauthorized()]);
    const client = new ApiClient({ token: "t", fetch });
    const listener = jest.fn();
    client.onSessionExpired(listener);
    await expect(client.json("GET", "/api/projects")).rejects.toMatchObject({ kind: "session-expired" });
    await expect(client.json("GET", "/api/projects")).rejects.toMatchObject({ kind: "session-expired" });
    expect(client.sessionExpired).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  test("When a body is sent, then it is JSON with its content type, and a 204 resolves to undefined", async () => {
    const { fetch, calls } = fakeFetch([new Response(null, { status: 204 })]);
    const result = await new ApiClient({ token: "t", baseUrl: "/app", fetch })
      .json("PUT", "/api/settings/credential", { body: { email: "a@b.c", apiToken: "x" } });
    expect(result).toBeUndefined();
    expect(calls[0]?.url).toBe("/app/api/settings/credential");
    expect(calls[0]?.init.body).toBe(JSON.stringify({ email: "a@b.c", apiToken: "x" }));
    expect((calls[0]?.init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });

  test("When downloading, then the blob and the server's filename come back", async () => {
    const { fetch, calls } = fakeFetch([
      new Response("a,b\n", { status: 200, headers: { "Content-Disposition": 'attachment; filename="audit.csv"' } }),
    ]);
    const result = await new ApiClient({ token: "t", fetch }).blob("/api/audit", { query: { format: "csv", project: "P" } });
    expect(await result.blob.text()).toBe("a,b\n");
    expect(result.filename).toBe("audit.csv");
    expect(calls[0]?.url).toBe("/api/audit?format=csv&project=P");
  });
});

describe("withQuery and filenameFromDisposition", () => {
  test("When query values are empty or undefined, then they are left out and the rest is encoded", () => {
    expect(withQuery("/api/audit", { project: "A B", principal: undefined, since: "" })).toBe("/api/audit?project=A+B");
    expect(withQuery("/api/projects")).toBe("/api/projects");
  });

  test("When the header has filename* or filename, then the name is read", () => {
    expect(filenameFromDisposition("attachment; filename*=UTF-8''audit%20x.csv")).toBe("audit x.csv");
    expect(filenameFromDisposition("attachment; filename=a.csv")).toBe("a.csv");
    expect(filenameFromDisposition(null)).toBeUndefined();
  });
});
