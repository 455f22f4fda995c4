import type { Caller } from "../auth/caller";
import type { Clock } from "../clock";
import type { SimState } from "../state/store";
import type { Switches } from "../switches";
import type { Params } from "./router";

/** Marks a request body that was sent but is not valid JSON. */
export const INVALID_JSON = Symbol("invalid-json");

/** What a public-route handler sees. `caller` is always verified: unauthenticated calls never reach a handler. */
export interface SimContext {
  state: SimState;
  switches: Switches;
  clock: Clock;
  caller: Caller;
  params: Params;
  query: URLSearchParams;
  body: unknown;
  /** `http://host:port` as the client addressed us; every absolute link (`next`, `links.self`) starts with it. */
  baseUrl: string;
  method: string;
  rawPath: string;
  /** Memo for list results, keyed by the caller; see http/list-cache.ts. */
  cache: Map<string, { version: number; value: unknown }>;
}

export interface SimResponse {
  status: number;
  /** Serialised as JSON (`application/json; charset=utf-8`) unless undefined. */
  body?: unknown;
  /** Sent as `text/plain` instead of a JSON body (the 429 is plain text, §1.5). */
  text?: string;
  /** Content type of `text` (default `text/plain`); the Connect host's pages and script use it. */
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: SimContext) => SimResponse;

/** How a public route is guarded. Routes with `auth: false` (the 410s) answer before authentication. */
export interface RouteDef {
  handle: Handler;
  auth: boolean;
}

export const ok = (body: unknown): SimResponse => ({ status: 200, body });
