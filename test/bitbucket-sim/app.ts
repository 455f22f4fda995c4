import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { authenticate } from "./auth/authenticate";
import type { AuthKind, Caller } from "./auth/caller";
import { controlRouter } from "./control/routes";
import type { SimCore } from "./core";
import { INVALID_JSON, type RouteDef, type SimContext, type SimResponse } from "./rest/context";
import { errorEnvelope, MESSAGES, SimError } from "./rest/errors";
import { Router } from "./rest/router";
import { mountGone } from "./routes/gone";
import { mountGroupsV1 } from "./routes/groups-v1";
import { mountPermissionsConfig } from "./routes/permissions-config";
import { mountProjects } from "./routes/projects";
import { mountRepositories } from "./routes/repositories";
import { mountUsers } from "./routes/users";
import { mountWorkspaceRepoPermissions } from "./routes/workspace-repo-permissions";
import { mountWorkspaces } from "./routes/workspaces";

const JSON_TYPE = "application/json; charset=utf-8";
const RATE_LIMIT_TEXT = "Rate limit for this resource has been exceeded";
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface SimulatorApp {
  /** A Node request listener: give it to `http.createServer` or straight to supertest. */
  handler: RequestListener;
  /** The public routes; a later module (the Connect host) may `add` more, e.g. `/__host/...`. */
  routes: Router<RouteDef>;
}

/** Builds the public router: the table of contents of what the simulator answers. */
export function publicRoutes(): Router<RouteDef> {
  const router = new Router<RouteDef>();
  mountGone(router);
  mountRepositories(router);
  mountPermissionsConfig(router);
  mountProjects(router);
  mountWorkspaceRepoPermissions(router);
  mountWorkspaces(router);
  mountUsers(router);
  mountGroupsV1(router);
  return router;
}

/**
 * Builds the simulator's HTTP handler without listening (style.md example 1). Pipeline for public paths:
 * faults → route (404) → authenticate (401) → rate limit (429) → handler, each call logged on finish.
 */
export function createSimulatorApp(core: SimCore): SimulatorApp {
  const routes = publicRoutes();
  const control = controlRouter(core);

  const handler: RequestListener = (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, core, { status: 500, body: errorEnvelope("Simulator failure", String(error)) });
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? "/";
    const method = (req.method ?? "GET").toUpperCase();
    const queryAt = rawUrl.indexOf("?");
    const rawPath = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? "" : rawUrl.slice(queryAt + 1));
    const baseUrl = `http://${req.headers.host ?? "127.0.0.1"}`;
    const body = await readBody(req);

    if (rawPath === "/__sim" || rawPath.startsWith("/__sim/")) {
      const match = control.match(method, rawPath);
      send(res, core, match ? guarded(() => match.route.handler({ body, params: match.params, baseUrl }))
        : { status: 404, body: errorEnvelope(MESSAGES.notFound) });
      return;
    }

    const entry = { method, path: rawPath, query: Object.fromEntries(query), authKind: "none" as AuthKind, at: core.clock.now() };
    let identity: string | undefined;
    res.on("close", () => {
      core.log.add({ ...entry, ...(identity === undefined ? {} : { identity }), status: res.writableFinished ? res.statusCode : 0 });
    });

    const fault = core.faults.pick(method, rawPath);
    if (fault && fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.drop === true) { req.socket.destroy(); return; }
    if (fault?.status !== undefined) { send(res, core, faultResponse(core, fault.status)); return; }

    let match;
    try {
      match = routes.match(method, rawPath);
    } catch {
      send(res, core, { status: 400, body: errorEnvelope("Malformed percent-encoding in the path") });
      return;
    }
    if (!match) { send(res, core, { status: 404, body: errorEnvelope(MESSAGES.notFound, `${method} ${rawPath}`) }); return; }

    let caller: Caller | undefined;
    if (match.route.handler.auth) {
      const auth = authenticate(req.headers.authorization, method, rawUrl, core.state);
      entry.authKind = auth.ok ? auth.caller.kind : auth.kind;
      const { bucket, limit } = core.limiter.bucketOf(auth.ok ? auth.caller : undefined);
      if (!auth.ok) {
        // Anonymous calls still spend the small anonymous budget; bad credentials are refused before counting.
        if (auth.kind === "none" && core.limiter.applies(rawPath) && !core.limiter.take(bucket, limit).allowed) {
          send(res, core, rateLimited(core)); return;
        }
        const projectPath = match.route.pattern.includes("/projects/:project_key");
        const status = projectPath ? core.switches.projectUnauthenticatedStatus : 401;
        send(res, core, { status, body: errorEnvelope(MESSAGES.unauthenticated) });
        return;
      }
      caller = auth.caller;
      identity = caller.identity;
      if (core.limiter.applies(rawPath)) {
        const decision = core.limiter.take(bucket, limit);
        if (!decision.allowed) { send(res, core, rateLimited(core)); return; }
        if (caller.kind === "access-token") {
          res.setHeader("X-RateLimit-Limit", String(limit));
          res.setHeader("X-RateLimit-Resource", "api");
          res.setHeader("X-RateLimit-NearLimit", String(decision.used >= limit * 0.95));
        }
      }
    }

    const ctx: SimContext = {
      state: core.state, switches: core.switches, clock: core.clock, caller: caller as Caller, params: match.params,
      query, body, baseUrl, method, rawPath, cache: core.cache,
    };
    send(res, core, guarded(() => match.route.handler.handle(ctx)));
  }

  return { handler, routes };
}

/** Runs a handler, turning a SimError into its envelope. */
function guarded(run: () => SimResponse): SimResponse {
  try {
    return run();
  } catch (error) {
    if (error instanceof SimError) return { status: error.status, body: errorEnvelope(error.message, error.detail, error.data) };
    throw error;
  }
}

function rateLimited(core: SimCore): SimResponse {
  const retry = core.switches.retryAfterOn429;
  return { status: 429, text: RATE_LIMIT_TEXT, ...(retry === null ? {} : { headers: { "Retry-After": String(retry) } }) };
}

function faultResponse(core: SimCore, status: number): SimResponse {
  return status === 429 ? rateLimited(core) : { status, body: errorEnvelope(`Injected fault ${status}`) };
}

function send(res: ServerResponse, core: SimCore, response: SimResponse): void {
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.text !== undefined) {
    res.setHeader("Content-Type", response.contentType ?? "text/plain");
    res.end(response.text);
  } else if (response.status === 204 || response.body === undefined) {
    if (core.switches.contentTypeOn204) res.setHeader("Content-Type", JSON_TYPE);
    res.end();
  } else {
    res.setHeader("Content-Type", JSON_TYPE);
    res.end(JSON.stringify(response.body));
  }
}

/** Reads a JSON body; an empty body is `undefined`, unparseable JSON is `INVALID_JSON`. */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return INVALID_JSON;
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
