import { createBitbucketClient } from "./client";
import type { BitbucketCredential } from "./credentials";
import { PaginationLimitError, ServerError, UnexpectedResponse } from "./errors";
import { collect, paginate } from "./paginate";
import { path } from "./path";
import { errorResponse, jsonResponse, recordingFetch, type Responder } from "./testing/recording-fetch";

const token: BitbucketCredential = { kind: "api-token", email: "admin@example.com", apiToken: "t" };
const base = "https://api.bitbucket.org";
const page = (values: unknown[], next?: string) => jsonResponse(200, next === undefined ? { pagelen: 100, values } : { pagelen: 100, values, next });

function api(respond: Responder | Response[]) {
  const recorder = recordingFetch(respond);
  return { requests: recorder.requests, api: createBitbucketClient({ baseUrl: base, fetch: recorder.fetch, throttle: false, retry: false }).as(token) };
}

describe("paginate", () => {
  test("When pages carry next, then every item is yielded and next is followed verbatim", async () => {
    const next2 = `${base}/2.0/repositories/acme?q=project.key%3D%22P%22&page=2&pagelen=100`;
    const next3 = `${base}/2.0/repositories/acme?page=3&pagelen=100&q=project.key%3D%22P%22`;
    const { api: a, requests } = api([page([1, 2], next2), page([3], next3), page([4])]);
    await expect(collect(paginate<number>(a, path`/2.0/repositories/${"acme"}`, { query: { q: 'project.key="P"' } }))).resolves.toEqual([1, 2, 3, 4]);
    expect(requests.map((r) => r.url.href)).toEqual([`${base}/2.0/repositories/acme?q=project.key%3D%22P%22&pagelen=100`, next2, next3]);
  });

  test("When a page is empty, then pagination stops even if it carries a next", async () => {
    const { api: a, requests } = api([page([1], `${base}/2.0/x?page=2`), page([], `${base}/2.0/x?page=3`)]);
    await expect(collect(paginate(a, path`/2.0/x`))).resolves.toEqual([1]);
    expect(requests).toHaveLength(2);
  });

  test("When a next repeats, then PaginationLimitError (repeated-next) is thrown", async () => {
    const loop = `${base}/2.0/x?page=2`;
    const { api: a } = api([page([1], loop), page([2], loop)]);
    await expect(collect(paginate(a, path`/2.0/x`))).rejects.toMatchObject({ reason: "repeated-next" });
  });

  test("When there are more than maxPages pages, then PaginationLimitError (max-pages) is thrown, never a truncated list", async () => {
    const { api: a, requests } = api((_request, index) => page([index], `${base}/2.0/x?page=${index + 2}`));
    const error: unknown = await collect(paginate(a, path`/2.0/x`, { maxPages: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationLimitError);
    expect(error).toMatchObject({ reason: "max-pages" });
    expect(requests).toHaveLength(3);
  });

  test("When exactly maxPages pages exist, then all are read without error", async () => {
    const { api: a } = api([page([1], `${base}/2.0/x?page=2`), page([2])]);
    await expect(collect(paginate(a, path`/2.0/x`, { maxPages: 2 }))).resolves.toEqual([1, 2]);
  });

  test("When next points to another origin, then it is refused before any credential is sent there", async () => {
    const { api: a, requests } = api([page([1], "https://evil.example/2.0/x?page=2")]);
    await expect(collect(paginate(a, path`/2.0/x`))).rejects.toMatchObject({ reason: "foreign-next" });
    expect(requests).toHaveLength(1);
  });

  test("When a later page fails, then the iteration throws instead of returning a partial list", async () => {
    const { api: a } = api([page([1], `${base}/2.0/x?page=2`), errorResponse(500, "boom")]);
    await expect(collect(paginate(a, path`/2.0/x`))).rejects.toBeInstanceOf(ServerError);
  });

  test("When a body is not a page, then UnexpectedResponse is thrown", async () => {
    const { api: a } = api([jsonResponse(200, { items: [] })]);
    await expect(collect(paginate(a, path`/2.0/x`))).rejects.toBeInstanceOf(UnexpectedResponse);
  });

  test("When a caller stops early, then no further page is fetched", async () => {
    const { api: a, requests } = api([page([1, 2], `${base}/2.0/x?page=2`)]);
    for await (const item of paginate(a, path`/2.0/x`)) if (item === 1) break;
    expect(requests).toHaveLength(1);
  });
});
