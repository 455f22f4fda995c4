import type { AuthKind } from "../auth/caller";

/**
 * One line per public call (§4.2 #14), so tests can count calls per endpoint and assert that no write
 * went out with a JWT. Control-API calls are not logged.
 */
export interface RequestLogEntry {
  method: string;
  /** The raw (still percent-encoded) path. */
  path: string;
  query: Record<string, string>;
  authKind: AuthKind;
  /** clientKey (JWT), user uuid (API token), consumer or token id (Bearer); absent when unauthenticated. */
  identity?: string;
  /** 0 when a fault dropped the connection. */
  status: number;
  /** Simulated time (clock.now()) when the request arrived. */
  at: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
  }

  /** A copy, oldest first. */
  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
