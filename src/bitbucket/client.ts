import { withAuth } from "./auth";
import { withBudget, type CallBudget } from "./budget";
import { budgetKey, type BitbucketCredential } from "./credentials";
import { UnexpectedResponse, excerpt } from "./errors";
import type { ApiPath } from "./path";
import type { BitbucketRequest, Handler, HttpMethod } from "./pipeline";
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from "./retry";
import { withThrottle, type ThrottleOptions } from "./throttle";
import { realSleep, systemClock, type Clock, type Random, type Sleep } from "./timing";
import { createTransport, type ResponseEvent } from "./transport";
import { buildUrl, parseApiBase, type Query } from "./url";

export interface BitbucketClientOptions {
  /** The API host, e.g. `https://api.bitbucket.org` or the simulator's URL; no `/2.0`. */
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  /** Overrides to {@link DEFAULT_RETRY_POLICY}; false switches retries off. */
  retry?: Partial<RetryPolicy> | false;
  /** Overrides to the default limits; false switches throttling off. */
  throttle?: ThrottleOptions | false;
  /** Asked for one call before every attempt; absent means unlimited. */
  budget?: CallBudget;
  clock?: Clock;
  /** Used by retry backoff and throttle spacing. */
  sleep?: Sleep;
  /** Used by backoff jitter. */
  random?: Random;
  /** Per attempt, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Called once per attempt (success or failure); must not throw. Never sees headers. */
  onResponse?: (event: ResponseEvent) => void;
}

/** Per-credential overrides, e.g. `{ retry: { retryRateLimited: false } }` for a job that reschedules on 429. */
export interface AsOptions {
  /** Merged over the client's policy; false switches retries off for this view. */
  retry?: Partial<RetryPolicy> | false;
}

/**
 * Bitbucket's API as one credential. Paths come from the `path` tag (`/2.0/...` or `/1.0/...`); `get` and `getText` also take
 * an absolute URL Bitbucket returned (a page's `next`), which must be on the API base.
 */
export interface BitbucketApi {
  /** The bucket this credential's calls count in. */
  readonly budgetKey: string;
  /** The API base origin, e.g. `https://api.bitbucket.org`. */
  readonly origin: string;
  /**
   * GET and parse JSON. The shape is trusted, not validated.
   * @throws {BitbucketError} a subclass per failure; `UnexpectedResponse` when a 2xx body is not JSON.
   * @throws {TypeError} for an absolute URL outside the API base.
   */
  get<T>(target: ApiPath | URL, query?: Query): Promise<T>;
  /** GET a body as text. @throws {BitbucketError} */
  getText(target: ApiPath | URL, query?: Query): Promise<string>;
  /**
   * PUT a JSON body and parse the JSON answer.
   * @throws {BitbucketError} a subclass per failure; `UnexpectedResponse` when a 2xx body is not JSON.
   */
  put<T>(target: ApiPath, body: unknown): Promise<T>;
  /** DELETE; any 2xx (typically 204 with no body and no Content-Type) succeeds. @throws {BitbucketError} */
  delete(target: ApiPath): Promise<void>;
}

export interface BitbucketClient {
  /** A view of the API that sends every request as `credential`. */
  as(credential: BitbucketCredential, options?: AsOptions): BitbucketApi;
}

function parseJson(text: string, request: BitbucketRequest): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new UnexpectedResponse({
      message: `${request.method} ${request.url.pathname} answered with a body that is not JSON`,
      bodyExcerpt: excerpt(text),
      request,
      cause,
    });
  }
}

function mergeRetry(client: Partial<RetryPolicy> | false | undefined, view: Partial<RetryPolicy> | false | undefined): RetryPolicy | undefined {
  if (view === false || (client === false && view === undefined)) return undefined;
  return { ...DEFAULT_RETRY_POLICY, ...(client === false ? {} : client), ...view };
}

/**
 * Builds the Bitbucket Cloud client. Layers, outermost first: throttle (per budget key, reads and writes apart) → retry →
 * budget (one call per attempt, since Bitbucket counts every attempt) → auth (signed per attempt, so a retry never carries a
 * stale JWT) → error mapping → fetch. Retry and throttle can be switched off; the budget is off unless given.
 * @see https://developer.atlassian.com/cloud/bitbucket/rest/intro/
 * @throws {TypeError} when `baseUrl` is not a usable API host.
 */
export function createBitbucketClient(options: BitbucketClientOptions): BitbucketClient {
  const base = parseApiBase(options.baseUrl);
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;

  let handler: Handler = createTransport({
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    clock,
    onResponse: options.onResponse,
  });
  handler = withAuth(handler, clock);
  if (options.budget) handler = withBudget(handler, options.budget);
  handler = withRetry(handler, sleep, options.random ?? Math.random);
  if (options.throttle !== false) handler = withThrottle(handler, options.throttle ?? {}, clock, sleep);
  const pipeline = handler;

  return {
    as(credential, asOptions) {
      const key = budgetKey(credential);
      const retryPolicy = mergeRetry(options.retry, asOptions?.retry);

      const send = async (method: HttpMethod, target: ApiPath | URL, query?: Query, body?: unknown, accept = "application/json") => {
        const request: BitbucketRequest = {
          method,
          url: buildUrl(base, target, query),
          basePath: base.basePath,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          accept,
          credential,
          budgetKey: key,
          retryPolicy,
          attempt: 1,
        };
        return { request, response: await pipeline(request) };
      };

      return {
        budgetKey: key,
        origin: base.origin,
        async get<T>(target: ApiPath | URL, query?: Query) {
          const { request, response } = await send("GET", target, query);
          return parseJson(response.text, request) as T;
        },
        async getText(target, query) {
          const { response } = await send("GET", target, query, undefined, "text/plain, application/json;q=0.9, */*;q=0.5");
          return response.text;
        },
        async put<T>(target: ApiPath, body: unknown) {
          const { request, response } = await send("PUT", target, undefined, body);
          return parseJson(response.text, request) as T;
        },
        async delete(target) {
          await send("DELETE", target);
        },
      };
    },
  };
}
