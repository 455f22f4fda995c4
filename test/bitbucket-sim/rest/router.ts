/**
 * A tiny router over raw paths. The simulator avoids Express (the engine-purity lint rule covers this
 * folder) and needs exact control anyway: it matches on the RAW path, then percent-decodes each
 * segment once, so `%7Buuid%7D`, `557058%3A…` and an encoded `/` inside a segment all behave as on Bitbucket.
 */
export type Params = Record<string, string>;

export interface Route<H> {
  method: string;
  pattern: string;
  handler: H;
  segments: string[];
}

export interface Match<H> {
  route: Route<H>;
  params: Params;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  /** Adds a route; `:name` segments capture one decoded path segment. Later routes never shadow earlier ones. */
  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), pattern, handler, segments: pattern.split("/").slice(1) });
    return this;
  }

  /**
   * Finds the route for a raw path.
   * @throws {URIError} when a segment has malformed percent-encoding.
   */
  match(method: string, rawPath: string): Match<H> | undefined {
    const trimmed = rawPath.length > 1 && rawPath.endsWith("/") ? rawPath.slice(0, -1) : rawPath;
    const raw = trimmed.split("/").slice(1);
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== raw.length) continue;
      const params = matchSegments(route.segments, raw);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], raw: string[]): Params | undefined {
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] ?? "";
    const got = decodeURIComponent(raw[i] ?? "");
    if (want.startsWith(":")) {
      if (got === "") return undefined;
      params[want.slice(1)] = got;
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
