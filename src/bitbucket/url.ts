import type { ApiPath } from "./path";

/** Query parameters: `undefined` drops a key, an array repeats it. */
export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** RFC 3986 encoding (spaces as %20, `+` as %2B), the form the qsh canonicalises to. */
export const encodeRfc3986 = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The configured API base, checked once: an http(s) origin plus an optional path prefix, never ending in `/2.0`. */
export interface ApiBase {
  readonly origin: string;
  /** "" for `https://api.bitbucket.org`; "/bb" for a simulator mounted under `/bb`. */
  readonly basePath: string;
}

/**
 * @throws {TypeError} when `baseUrl` is not an absolute http(s) URL, has a query or fragment, or ends in `/1.0` or `/2.0`
 * (paths carry their version themselves).
 */
export function parseApiBase(baseUrl: string): ApiBase {
  const url = new URL(baseUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError(`Unsupported API base ${url.origin}`);
  if (url.search !== "" || url.hash !== "") throw new TypeError("The API base cannot have a query or fragment");
  const basePath = url.pathname.replace(/\/+$/, "");
  if (/\/[12]\.0$/.test(basePath)) throw new TypeError("The API base is the host (https://api.bitbucket.org), without /2.0");
  return { origin: url.origin, basePath };
}

/**
 * Builds the one URL a request uses, from an encoded path plus a query, or from an absolute URL Bitbucket gave us (a page's
 * `next`), which must be on the API base.
 * @throws {TypeError} for a URL outside the API base.
 */
export function buildUrl(base: ApiBase, target: ApiPath | URL, query?: Query): URL {
  let url: URL;
  if (target instanceof URL) {
    if (target.origin !== base.origin || !target.pathname.startsWith(`${base.basePath}/`)) {
      throw new TypeError(`Refusing to send a credential to ${target.origin}${target.pathname}, outside the API base`);
    }
    url = new URL(target.href);
  } else {
    url = new URL(`${base.origin}${base.basePath}${target}`);
  }
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values: readonly string[] = typeof value === "object" ? value : [String(value)];
    for (const v of values) pairs.push(`${encodeRfc3986(key)}=${encodeRfc3986(v)}`);
  }
  if (pairs.length > 0) url.search = url.search === "" ? pairs.join("&") : `${url.search.slice(1)}&${pairs.join("&")}`;
  return url;
}
