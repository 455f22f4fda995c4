import { ApiError, asApiError, toApiError } from "./errors";

/** What the page's fetch looks like; tests inject a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** The ACE session token the page shell was rendered with. */
  token: string;
  /** Prefix of the app's URLs (`""` when the app is served at the root). */
  baseUrl?: string;
  fetch?: FetchLike;
}

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
}

/** Builds `path?query`, skipping undefined and empty values. */
export const withQuery = (path: string, query: Record<string, QueryValue> = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

/**
 * The transport to the app's `/api`: sends `Authorization: JWT <token>`, swaps in the fresh token from each
 * response's `X-acpt` header, and turns every failure into an `ApiError`. After a 401 the session is over:
 * listeners hear it once and the page asks for a reload.
 * @see ../../../../shared/docs/bitbucket-platform.md §2.6
 * @throws {ApiError} on a non-2xx answer or when the app cannot be reached
 */
export class ApiClient {
  private currentToken: string;
  private expired = false;
  private readonly listeners = new Set<() => void>();
  private readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;

  constructor(options: ApiClientOptions) {
    this.currentToken = options.token;
    this.baseUrl = options.baseUrl ?? "";
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
  }

  get token(): string {
    return this.currentToken;
  }

  get sessionExpired(): boolean {
    return this.expired;
  }

  /** Calls `listener` when the session expires (a 401); returns the unsubscribe function. */
  onSessionExpired(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options, "application/json");
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!text) return undefined as T;
    return JSON.parse(text) as T;
  }

  /** A binary or text download (CSV) with the same authentication; returns the body and the server's filename. */
  async blob(path: string, options: RequestOptions = {}, accept = "*/*"): Promise<{ blob: Blob; filename?: string }> {
    const response = await this.send("GET", path, options, accept);
    const blob = await response.blob();
    const filename = filenameFromDisposition(response.headers.get("Content-Disposition"));
    return filename ? { blob, filename } : { blob };
  }

  private async send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `JWT ${this.currentToken}`, Accept: accept };
    const init: RequestInit = { method, headers, credentials: "omit" };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + withQuery(path, options.query), init);
    } catch (error) {
      throw asApiError(error);
    }
    const fresh = response.headers.get("X-acpt");
    if (fresh) this.currentToken = fresh;
    if (response.ok) return response;
    const error = toApiError(response.status, await response.text().catch(() => ""));
    if (error.kind === "session-expired") this.expire();
    throw error;
  }

  private expire(): void {
    if (this.expired) return;
    this.expired = true;
    for (const listener of this.listeners) listener();
  }
}

/** The filename of `Content-Disposition: attachment; filename="x.csv"` (or `filename*=UTF-8''x.csv`). */
export const filenameFromDisposition = (header: string | null): string | undefined => {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      return undefined;
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim();
};

export { ApiError };
