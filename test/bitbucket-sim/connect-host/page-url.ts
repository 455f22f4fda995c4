import type { SimUser, SimWorkspace } from "../state/model";
import { appUrl, pageModules, type PageModule } from "./descriptor";
import { relativeRequest, signHostJwt } from "./jwt";
import type { HostRegistry, HostSim } from "./registry";

export interface PageUrlDeps {
  sim: HostSim;
  registry: HostRegistry;
  nowMs: () => number;
}

export interface PageUrlRequest {
  clientKey: string;
  /** A module's URL from the descriptor, relative to the app's baseUrl (`/access?workspace={workspace.slug}`)… */
  moduleUrl?: string;
  /** …or the key of one of the app's page modules, whose URL is used. */
  moduleKey?: string;
  /** The viewer; becomes the JWT's `sub`. */
  userUuid: string;
}

/**
 * Fills a module URL's context parameters. Bitbucket documents `{workspace.slug}`, `{workspace.uuid}` and `{user.uuid}` among
 * others; the simulator knows these and `{user.account_id}`, and empties any other (a repository or pull-request context
 * does not exist on a settings page).
 */
export function substituteContext(moduleUrl: string, ws: SimWorkspace, user: SimUser | undefined): string {
  const context: Record<string, string> = {
    "workspace.slug": ws.slug, "workspace.uuid": ws.uuid, "workspace.name": ws.name,
    "user.uuid": user?.uuid ?? "", "user.account_id": user?.account_id ?? "",
  };
  return moduleUrl.replace(/\{([a-z_.]+)\}/gi, (_all, name: string) => encodeURIComponent(context[name] ?? ""));
}

/**
 * The iframe URL of a page module as Bitbucket builds it: the app's baseUrl + the module URL with its context filled, plus
 * `jwt=` (iss = aud = clientKey, sub = the viewer, qsh over the page path and query relative to the baseUrl, ~3 minutes).
 * @throws {Error} for an unknown or uninstalled clientKey, or a viewer who is not a member of the workspace
 */
export function signPageUrl(deps: PageUrlDeps, request: PageUrlRequest): string {
  const record = deps.registry.byClientKey(request.clientKey);
  if (!record?.installed || !record.descriptor) throw new Error(`No installed app has clientKey ${request.clientKey}`);
  const ws = deps.sim.state.findWorkspace(record.workspaceUuid);
  if (!ws) throw new Error(`The workspace of ${request.clientKey} is gone`);
  const user = deps.sim.state.findUser(request.userUuid);
  if (!user || !ws.members.has(user.uuid)) throw new Error(`${request.userUuid} is not a member of ${ws.slug}`);
  const moduleUrl = request.moduleUrl ?? pageModules(record.descriptor).find((m) => m.key === request.moduleKey)?.url;
  if (moduleUrl === undefined) throw new Error(`${record.appKey} has no page module ${request.moduleKey ?? "(none named)"}`);
  const url = new URL(appUrl(record.descriptor, substituteContext(moduleUrl, ws, user)));
  const jwt = signHostJwt(relativeRequest("GET", url.toString(), record.descriptor.baseUrl), {
    clientKey: record.clientKey, sharedSecret: record.sharedSecret, sub: user.uuid, nowMs: deps.nowMs(),
  });
  url.searchParams.append("jwt", jwt);
  return url.toString();
}

/** Finds a page module (admin page or configure page) of the apps installed in a workspace. */
export function findPageModule(registry: HostRegistry, workspaceUuid: string, moduleKey: string): { clientKey: string; module: PageModule } | undefined {
  for (const record of registry.installedIn(workspaceUuid)) {
    const module = pageModules(record.descriptor).find((m) => m.key === moduleKey);
    if (module) return { clientKey: record.clientKey, module };
  }
  return undefined;
}
