import { BitbucketError, NetworkError, Timeout, toBitbucketError } from "./errors";
import type { BitbucketRequest, BitbucketResponse, Handler } from "./pipeline";
import type { Clock } from "./timing";

/** What `onResponse` hears about each attempt, for metrics and logs. Never headers, never the query, never a body. */
export interface ResponseEvent {
  method: string;
  /** URL path only (the query may hold emails). */
  path: string;
  /** undefined when no response arrived (network error or timeout). */
  status: number | undefined;
  ms: number;
  budgetKey: string;
  attempt: number;
  /** Set when the attempt failed: the error's code, e.g. `not_found` or `timeout`. */
  errorCode?: string;
}

export interface TransportOptions {
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  clock: Clock;
  onResponse?: ((event: ResponseEvent) => void) | undefined;
}

const isAbort = (error: unknown): boolean => error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");

/**
 * The bottom two layers. Sends one attempt with `fetch`, reads the whole body within `timeoutMs`, and maps a non-2xx
 * status through {@link toBitbucketError} (the error-mapping layer).
 * @throws {Timeout} when no complete response arrives in time.
 * @throws {NetworkError} when `fetch` or the body read fails.
 * @throws {BitbucketError} (a subclass per status) for any non-2xx.
 */
export function createTransport(options: TransportOptions): Handler {
  const { fetch, timeoutMs, clock, onResponse } = options;

  const send = async (request: BitbucketRequest): Promise<BitbucketResponse> => {
    const headers: Record<string, string> = { Accept: request.accept };
    if (request.authorization !== undefined) headers.Authorization = request.authorization;
    if (request.body !== undefined) headers["Content-Type"] = "application/json";
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Settles on time even if a fetch implementation ignores the abort signal.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new DOMException(`Timed out after ${timeoutMs} ms`, "TimeoutError"));
      }, timeoutMs);
    });
    const attempt = async (): Promise<BitbucketResponse> => {
      const response = await fetch(request.url.href, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: "manual",
        signal: controller.signal,
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    };
    try {
      return await Promise.race([attempt(), deadline]);
    } catch (error) {
      const init = { request, cause: error };
      if (controller.signal.aborted || isAbort(error)) {
        throw new Timeout({ ...init, message: `No response to ${request.method} ${request.url.pathname} within ${timeoutMs} ms` });
      }
      throw new NetworkError({ ...init, message: `${request.method} ${request.url.pathname} failed: ${String(error)}` });
    } finally {
      clearTimeout(timer);
    }
  };

  return async (request) => {
    const startedAt = clock();
    const report = (status: number | undefined, errorCode?: string): void => {
      const event: ResponseEvent = {
        method: request.method,
        path: request.url.pathname,
        status,
        ms: clock() - startedAt,
        budgetKey: request.budgetKey,
        attempt: request.attempt,
      };
      onResponse?.(errorCode === undefined ? event : { ...event, errorCode });
    };
    let response: BitbucketResponse;
    try {
      response = await send(request);
    } catch (error) {
      report(undefined, error instanceof BitbucketError ? error.code : "network_error");
      throw error;
    }
    if (response.status >= 200 && response.status <= 299) {
      report(response.status);
      return response;
    }
    const error = toBitbucketError(response, request, clock());
    report(response.status, error.code);
    throw error;
  };
}
