import type { BitbucketApi } from "./client";
import { PaginationLimitError, UnexpectedResponse, excerpt } from "./errors";
import type { ApiPath } from "./path";
import type { Paginated } from "./types";
import type { Query } from "./url";

export interface PaginateOptions {
  query?: Query;
  /** Items per page; Bitbucket's maximum. */
  pagelen?: number;
  /** Pages to follow before refusing with {@link PaginationLimitError}. */
  maxPages?: number;
}

export const DEFAULT_MAX_PAGES = 100;

function asPage<T>(body: unknown, url: string): Paginated<T> {
  if (typeof body === "object" && body !== null && "values" in body && Array.isArray(body.values)) {
    const next = "next" in body ? body.next : undefined;
    if (next === undefined || next === null || typeof next === "string") {
      return { values: body.values as T[], ...(typeof next === "string" && next !== "" ? { next } : {}) };
    }
  }
  throw new UnexpectedResponse({
    message: `${new URL(url).pathname} did not answer with a page of values`,
    bodyExcerpt: excerpt(JSON.stringify(body)),
  });
}

/**
 * Yields every item of a paginated Bitbucket list, following the body's `next` verbatim (never building page URLs).
 * Stops when there is no `next` or a page is empty (a `next` has been seen on a last page, BCLOUD-22441).
 * A failed page throws: the caller never gets a silently partial list.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/#pagination
 * @throws {PaginationLimitError} past `maxPages`, when a `next` repeats, or when a `next` leaves the API origin.
 * @throws {BitbucketError} when a page fails; {@link UnexpectedResponse} when a body is not a page.
 */
export async function* paginate<T>(api: BitbucketApi, target: ApiPath, options: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Set<string>();
  let page = asPage<T>(await api.get(target, { ...options.query, pagelen: options.pagelen ?? 100 }), `${api.origin}${target}`);
  for (let pages = 1; ; pages++) {
    yield* page.values;
    const next = page.next;
    if (next === undefined || page.values.length === 0) return;
    const refuse = (reason: PaginationLimitError["reason"], why: string): PaginationLimitError =>
      new PaginationLimitError({ message: `Stopped paging ${target}: ${why}`, reason });
    let nextUrl: URL;
    try {
      nextUrl = new URL(next);
    } catch {
      throw refuse("foreign-next", "the next link is not an absolute URL");
    }
    if (nextUrl.origin !== api.origin) throw refuse("foreign-next", `the next link points to ${nextUrl.origin}`);
    if (seen.has(nextUrl.href)) throw refuse("repeated-next", "the same next link came back twice");
    if (pages >= maxPages) throw refuse("max-pages", `more than ${maxPages} pages`);
    seen.add(nextUrl.href);
    page = asPage<T>(await api.get(nextUrl), nextUrl.href);
  }
}

/**
 * Reads a whole paginated list into an array; the same guarantees as {@link paginate}.
 * @throws {PaginationLimitError}
 * @throws {BitbucketError}
 */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
