import type { z } from "zod";
import type { SimCore } from "../core";
import type { SimResponse } from "../rest/context";
import { errorEnvelope } from "../rest/errors";
import { Router } from "../rest/router";
import { fixtureSchema } from "../seed/fixture";
import { applyRepoEvent } from "./events";
import {
  apiTokenSchema, bearerTokenSchema, clockBodySchema, faultsBodySchema, installationSchema, repoEventSchema, switchesSchema,
} from "./schemas";

/**
 * The test-only control API under `/__sim` (§4.4). It is never rate-limited, faulted or logged,
 * and it lives on a prefix Bitbucket does not have, so no public path can reach it.
 */
export interface ControlRequest {
  body: unknown;
  params: Record<string, string>;
  baseUrl: string;
}
export type ControlHandler = (req: ControlRequest) => SimResponse;

const json = (body: unknown, status = 200): SimResponse => ({ status, body });

/** Parses a body or answers 400 with zod's explanation. */
function parsed<S extends z.ZodType>(schema: S, body: unknown): { ok: true; value: z.infer<S> } | { ok: false; res: SimResponse } {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, res: json(errorEnvelope("Invalid control request", result.error.message), 400) };
}

/** Builds the control router over a core. */
export function controlRouter(core: SimCore): Router<ControlHandler> {
  const r = new Router<ControlHandler>();
  r.add("POST", "/__sim/reset", () => { core.reset(); return { status: 204 }; });
  r.add("POST", "/__sim/seed", ({ body }) => {
    const p = parsed(fixtureSchema, body);
    if (!p.ok) return p.res;
    try {
      core.seed(p.value);
    } catch (error) {
      return json(errorEnvelope("Invalid fixture", (error as Error).message), 400);
    }
    return json({ workspaces: p.value.workspaces.length, repositories: p.value.workspaces.reduce((n, w) => n + w.repositories.length, 0) });
  });
  r.add("GET", "/__sim/switches", () => json(core.switches));
  r.add("POST", "/__sim/switches", ({ body }) => {
    const p = parsed(switchesSchema, body);
    return p.ok ? json(core.setSwitches(p.value)) : p.res;
  });
  r.add("GET", "/__sim/faults", () => json(core.faults.list()));
  r.add("POST", "/__sim/faults", ({ body }) => {
    const p = parsed(faultsBodySchema, body);
    if (!p.ok) return p.res;
    core.setFaults(Array.isArray(p.value) ? p.value : p.value.rules);
    return json(core.faults.list());
  });
  r.add("DELETE", "/__sim/faults", () => { core.setFaults([]); return { status: 204 }; });
  r.add("GET", "/__sim/requests", () => json(core.log.list()));
  r.add("DELETE", "/__sim/requests", () => { core.log.clear(); return { status: 204 }; });
  r.add("GET", "/__sim/clock", () => json({ now: core.clock.now() }));
  r.add("POST", "/__sim/clock", ({ body }) => {
    const p = parsed(clockBodySchema, body);
    if (!p.ok) return p.res;
    core.clock.advance(p.value.advanceMs);
    return json({ now: core.clock.now() });
  });
  r.add("POST", "/__sim/events", ({ body, baseUrl }) => {
    const p = parsed(repoEventSchema, body);
    if (!p.ok) return p.res;
    const event = applyRepoEvent(core.state, core.events, core.switches, p.value, baseUrl);
    return json({ emitted: event ?? null });
  });
  r.add("POST", "/__sim/installations", ({ body }) => {
    const p = parsed(installationSchema, body);
    if (!p.ok) return p.res;
    core.registerInstallation(p.value);
    return { status: 204 };
  });
  r.add("DELETE", "/__sim/installations/:clientKey", ({ params }) => {
    core.removeInstallation(params.clientKey ?? "");
    return { status: 204 };
  });
  r.add("POST", "/__sim/api-tokens", ({ body }) => {
    const p = parsed(apiTokenSchema, body);
    if (!p.ok) return p.res;
    core.addApiToken(p.value);
    return { status: 204 };
  });
  r.add("POST", "/__sim/bearer-tokens", ({ body }) => {
    const p = parsed(bearerTokenSchema, body);
    if (!p.ok) return p.res;
    core.addBearerToken(p.value);
    return { status: 204 };
  });
  return r;
}
