import type { BitbucketCredential } from "./credentials";
import type { RetryPolicy } from "./retry";

export type HttpMethod = "GET" | "PUT" | "DELETE" | "POST";

/**
 * One request as it flows through the client's layers (throttle → retry → budget → auth → error mapping → fetch).
 * The URL is built once, from one parsed `URL`, and both the wire and the JWT qsh read it.
 */
export interface BitbucketRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  /** The path prefix of the configured API base (usually ""), stripped from the qsh path. */
  readonly basePath: string;
  /** Serialized JSON body, if any. */
  readonly body?: string;
  readonly accept: string;
  readonly credential: BitbucketCredential;
  readonly budgetKey: string;
  /** The retry policy of the credential view that sent this request; undefined means no retries. */
  readonly retryPolicy: RetryPolicy | undefined;
  /** 1 for the first attempt; the retry layer raises it. */
  readonly attempt: number;
  /** Set by the auth layer, just before the attempt goes out. */
  readonly authorization?: string;
}

/** A 2xx or error response whose body has been read in full (inside the attempt's timeout). */
export interface BitbucketResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** A layer's view of everything beneath it. */
export type Handler = (request: BitbucketRequest) => Promise<BitbucketResponse>;

/** Whether Bitbucket counts a request as a write (throttled separately, more slowly). */
export const isWrite = (method: HttpMethod): boolean => method !== "GET";
