/**
 * Test support: a `fetch` that records every request and answers with canned Responses, and a fake clock whose `sleep`
 * advances time instantly and records each delay. No jest globals, so any test layer can use it.
 */

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string | undefined;
  /** The fake (or real) clock when the request went out. */
  atMs: number;
  /** The client's abort signal (its timeout). */
  signal: AbortSignal | undefined;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

export interface RecordingFetch {
  fetch: typeof globalThis.fetch;
  requests: RecordedRequest[];
}

/** A fetch that records requests and answers each from `respond` (by default: one canned response per call, in order). */
export function recordingFetch(respond: Responder | Response[], clock: () => number = Date.now): RecordingFetch {
  const requests: RecordedRequest[] = [];
  const responder: Responder = Array.isArray(respond)
    ? (_request, index) => {
        const response = respond[index];
        if (!response) throw new Error(`No canned response for request ${index + 1}`);
        return response;
      }
    : respond;
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const recorded: RecordedRequest = {
      method: init?.method ?? "GET",
      url,
      headers: new Headers(init?.headers),
      body: typeof init?.body === "string" ? init.body : undefined,
      atMs: clock(),
      signal: init?.signal ?? undefined,
    };
    requests.push(recorded);
    return responder(recorded, requests.length - 1);
  };
  return { fetch, requests };
}

/** A JSON response, as Bitbucket sends it. */
export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });

/** A Bitbucket error envelope. */
export const errorResponse = (status: number, message: string, detail?: string, headers: Record<string, string> = {}): Response =>
  jsonResponse(status, { type: "error", error: detail === undefined ? { message } : { message, detail } }, headers);

/** Bitbucket's 429: plain text, normally no Retry-After. */
export const rateLimitedResponse = (headers: Record<string, string> = {}): Response =>
  new Response("Rate limit for this resource has been exceeded", { status: 429, headers: { "Content-Type": "text/plain", ...headers } });

/** A 204 with no body and no Content-Type. */
export const noContentResponse = (): Response => new Response(null, { status: 204 });

export interface FakeTime {
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  advance: (ms: number) => void;
  /** Every delay passed to `sleep`, in order. */
  sleeps: number[];
}

/** A clock that only moves when told to, or when `sleep` is called. */
export function fakeTime(startMs = Date.UTC(2026, 0, 1)): FakeTime {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance: (ms) => {
      now += ms;
    },
    sleeps,
  };
}

/** A responder that never answers, except by rejecting when the client aborts (its timeout). */
export const hangingResponder: Responder = (request) =>
  new Promise((_resolve, reject) => {
    request.signal?.addEventListener("abort", () => {
      reject(new DOMException("This operation was aborted", "AbortError"));
    });
  });
