import type { WorkspaceRole } from "../../../src/bitbucket/types";
import type { RouteDef, SimContext, SimResponse } from "../rest/context";
import type { SimUser, SimWorkspace } from "../state/model";
import { pageModules } from "./descriptor";
import { HOST_SCRIPT } from "./host-script";
import { hostPagePath, renderHostError, renderHostPage } from "./host-page";
import { findPageModule, signPageUrl, type PageUrlDeps } from "./page-url";

const HTML = "text/html; charset=utf-8";
// The iframe URL in the page carries a JWT: never cache the page, never leak its address.
const PAGE_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff" };

const html = (status: number, text: string): SimResponse => ({ status, text, contentType: HTML, headers: PAGE_HEADERS });
const route = (handle: (ctx: SimContext) => SimResponse): RouteDef => ({ auth: false, handle });

const ROLE_ORDER: Record<WorkspaceRole, number> = { owner: 0, collaborator: 1, member: 2 };

function membersOf(deps: PageUrlDeps, ws: SimWorkspace): { user: SimUser; role: WorkspaceRole }[] {
  return [...ws.members].flatMap(([uuid, role]) => {
    const user = deps.sim.state.users.get(uuid);
    return user ? [{ user, role }] : [];
  }).sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.user.display_name.localeCompare(b.user.display_name));
}

function settingsPage(deps: PageUrlDeps, ctx: SimContext): SimResponse {
  const ws = deps.sim.state.findWorkspace(ctx.params.workspace ?? "");
  if (!ws) return html(404, renderHostError("Workspace not found", `The simulator has no workspace ${ctx.params.workspace ?? ""}.`));
  const found = findPageModule(deps.registry, ws.uuid, ctx.params.module ?? "");
  if (!found) return html(404, renderHostError("Page not found", `No app installed in ${ws.slug} has a page module ${ctx.params.module ?? ""}.`));
  const members = membersOf(deps, ws);
  const as = ctx.query.get("as");
  const viewer = as === null ? members.find((m) => m.role === "owner")?.user : deps.sim.state.findUser(as);
  if (!viewer || !ws.members.has(viewer.uuid)) return html(403, renderHostError("Not a member", `${as ?? "The owner"} is not a member of ${ws.slug}.`));
  const signedAtMs = deps.nowMs();
  const iframeUrl = signPageUrl(deps, { clientKey: found.clientKey, moduleUrl: found.module.url, userUuid: viewer.uuid });
  const apps = deps.registry.installedIn(ws.uuid).map((r) => ({ name: r.descriptor.name, modules: pageModules(r.descriptor) }));
  return html(200, renderHostPage({ workspace: ws, apps, active: found.module, viewer, members, iframeUrl, signedAtMs }));
}

function workspaceIndex(deps: PageUrlDeps): SimResponse {
  const links = [...deps.sim.state.workspaces.values()].flatMap((ws) =>
    deps.registry.installedIn(ws.uuid).flatMap((r) => pageModules(r.descriptor).map((m) =>
      `<li><a href="${hostPagePath(ws.slug, m.key)}">${ws.name}: ${r.descriptor.name} / ${m.name.value}</a></li>`)));
  const body = links.length === 0 ? "<p>No app is installed yet.</p>" : `<ul>${links.join("")}</ul>`;
  return { status: 200, text: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bitbucket sandbox</title></head><body><h1>Bitbucket sandbox</h1>${body}</body></html>`, contentType: HTML, headers: PAGE_HEADERS };
}

/**
 * The host's public pages, on the simulator's own router (no Express in the simulator):
 * - `GET /sandbox`: links to every installed app's pages;
 * - `GET /sandbox/{workspace}/settings`: redirects to the first app page;
 * - `GET /sandbox/{workspace}/settings/{moduleKey}[?as={user uuid}]`: the settings page with the module's iframe;
 * - `GET /sandbox/all.js`: the host script (host-script.ts).
 */
export function mountHostRoutes(deps: PageUrlDeps): void {
  const routes = deps.sim.app.routes;
  routes.add("GET", "/sandbox", route(() => workspaceIndex(deps)));
  routes.add("GET", "/sandbox/all.js", route(() => ({
    status: 200, text: HOST_SCRIPT, contentType: "application/javascript; charset=utf-8", headers: { "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" },
  })));
  routes.add("GET", "/sandbox/:workspace/settings", route((ctx) => {
    const ws = deps.sim.state.findWorkspace(ctx.params.workspace ?? "");
    const first = ws && deps.registry.installedIn(ws.uuid).flatMap((r) => pageModules(r.descriptor))[0];
    if (!ws || !first) return html(404, renderHostError("Nothing to show", "No app with a settings page is installed in this workspace."));
    const as = ctx.query.get("as");
    return { status: 302, headers: { Location: hostPagePath(ws.slug, first.key, as ?? undefined) } };
  }));
  routes.add("GET", "/sandbox/:workspace/settings/:module", route((ctx) => settingsPage(deps, ctx)));
}
