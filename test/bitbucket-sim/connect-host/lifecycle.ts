import { randomBytes } from "node:crypto";
import type { SimUser, SimWorkspace } from "../state/model";
import { appUrl, fetchDescriptor, type AppDescriptor } from "./descriptor";
import { signHostJwt } from "./jwt";
import type { HostInstallation, HostRegistry, HostSim } from "./registry";

export interface LifecycleDeps {
  sim: HostSim;
  registry: HostRegistry;
  nowMs: () => number;
}

export interface InstallRequest {
  /** Where the app serves atlassian-connect.json. */
  descriptorUrl: string;
  /** Slug or `{uuid}` of a seeded workspace. */
  workspace: string;
  /** The installing user (`{uuid}`, account id); default the workspace's first owner. */
  user?: string;
}

export interface LifecycleResult {
  clientKey: string;
  sharedSecret: string;
  /** The app's answer. */
  status: number;
  /** Whether the call carried a JWT (a first install does not). */
  signed: boolean;
}

/** The app answered a lifecycle call with something other than 2xx. */
export class LifecycleRefused extends Error {
  constructor(readonly call: "installed" | "uninstalled", readonly status: number, readonly body: string) {
    super(`The app answered ${status} to "${call}": ${body.slice(0, 500)}`);
    this.name = "LifecycleRefused";
  }
}

function workspaceOf(deps: LifecycleDeps, idOrSlug: string): SimWorkspace {
  const ws = deps.sim.state.findWorkspace(idOrSlug);
  if (!ws) throw new Error(`No workspace ${idOrSlug} in the simulator`);
  return ws;
}

/** The installer: the named member, or the first owner (Bitbucket only lets admins install apps). */
function installerOf(deps: LifecycleDeps, ws: SimWorkspace, user: string | undefined): SimUser {
  const uuid = user === undefined
    ? [...ws.members].find(([, role]) => role === "owner")?.[0]
    : deps.sim.state.findUser(user)?.uuid;
  const found = uuid === undefined ? undefined : deps.sim.state.users.get(uuid);
  if (!found || !ws.members.has(found.uuid)) throw new Error(`No member ${user ?? "with the owner role"} in ${ws.slug} to install the app`);
  return found;
}

/** The payload of bitbucket-platform.md §2.2; both base URLs point at the simulator, which plays bitbucket.org and its API. */
function payload(deps: LifecycleDeps, descriptor: AppDescriptor, ws: SimWorkspace, user: SimUser, eventType: "installed" | "uninstalled", record: HostInstallation) {
  return {
    key: descriptor.key, eventType, productType: "bitbucket", clientKey: record.clientKey,
    ...(eventType === "installed" ? { sharedSecret: record.sharedSecret } : {}),
    baseUrl: deps.sim.url, baseApiUrl: deps.sim.url,
    principal: { type: "team", uuid: ws.uuid, username: ws.slug, display_name: ws.name, links: { html: { href: `${deps.sim.url}/${ws.slug}/` } } },
    user: { type: "user", uuid: user.uuid, display_name: user.display_name, account_id: user.account_id, nickname: user.nickname },
  };
}

async function post(deps: LifecycleDeps, descriptor: AppDescriptor, path: string, body: unknown, signer: { clientKey: string; sharedSecret: string } | undefined) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signer) headers.Authorization = `JWT ${signHostJwt({ method: "POST", path }, { ...signer, nowMs: deps.nowMs() })}`;
  const response = await fetch(appUrl(descriptor, path), { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  return { status: response.status, text: await response.text() };
}

/**
 * Installs an app into a workspace the way Bitbucket does: fetch the descriptor, issue a fresh secret (keeping the
 * clientKey of an earlier install of the same app there), make the REST API accept the app's JWT with it BEFORE the call
 * (the app's install probe uses it), then POST `installed`, unsigned the very first time and signed with the previous
 * secret after that. A refused install restores the REST side to what it was.
 * @throws {LifecycleRefused} when the app does not answer 2xx; {Error} when the descriptor or workspace is missing
 */
export async function installApp(deps: LifecycleDeps, request: InstallRequest): Promise<LifecycleResult> {
  const descriptor = await fetchDescriptor(request.descriptorUrl);
  const ws = workspaceOf(deps, request.workspace);
  const user = installerOf(deps, ws, request.user);
  const previous = deps.registry.get(descriptor.key, ws.uuid);
  const record: HostInstallation = {
    appKey: descriptor.key, workspaceUuid: ws.uuid, clientKey: previous?.clientKey ?? deps.registry.freshClientKey(),
    sharedSecret: randomBytes(48).toString("base64url"), installed: true, descriptor,
  };
  deps.sim.registerInstallation({ clientKey: record.clientKey, sharedSecret: record.sharedSecret, appKey: record.appKey, workspaceUuid: ws.uuid });
  const signer = previous && { clientKey: previous.clientKey, sharedSecret: previous.sharedSecret };
  let answer;
  try {
    answer = await post(deps, descriptor, descriptor.lifecycle.installed, payload(deps, descriptor, ws, user, "installed", record), signer);
  } catch (error) {
    restore(deps, previous, record.clientKey);
    throw error;
  }
  if (answer.status < 200 || answer.status >= 300) {
    restore(deps, previous, record.clientKey);
    throw new LifecycleRefused("installed", answer.status, answer.text);
  }
  deps.registry.set(record);
  return { clientKey: record.clientKey, sharedSecret: record.sharedSecret, status: answer.status, signed: signer !== undefined };
}

/** After a failed install: the REST API accepts the previous secret again, or none when the app was not installed. */
function restore(deps: LifecycleDeps, previous: HostInstallation | undefined, clientKey: string): void {
  if (previous?.installed === true) {
    deps.sim.registerInstallation({ clientKey: previous.clientKey, sharedSecret: previous.sharedSecret, appKey: previous.appKey, workspaceUuid: previous.workspaceUuid });
  } else {
    deps.sim.removeInstallation(clientKey);
  }
}

export interface UninstallRequest {
  appKey: string;
  workspace: string;
  user?: string;
}

/**
 * Uninstalls: POST `uninstalled` signed with the current secret, then the app's JWT stops working on the REST API.
 * Bitbucket uninstalls whatever the app answers, so a non-2xx is reported in `status`, not thrown. The clientKey and
 * secret are remembered: the next install is signed with them.
 * @throws {Error} when the app is not installed there
 */
export async function uninstallApp(deps: LifecycleDeps, request: UninstallRequest): Promise<LifecycleResult> {
  const ws = workspaceOf(deps, request.workspace);
  const record = deps.registry.get(request.appKey, ws.uuid);
  if (!record?.installed || !record.descriptor) throw new Error(`${request.appKey} is not installed in ${ws.slug}`);
  const user = installerOf(deps, ws, request.user);
  const signer = { clientKey: record.clientKey, sharedSecret: record.sharedSecret };
  let status: number;
  try {
    status = (await post(deps, record.descriptor, record.descriptor.lifecycle.uninstalled, payload(deps, record.descriptor, ws, user, "uninstalled", record), signer)).status;
  } finally {
    deps.sim.removeInstallation(record.clientKey);
    deps.registry.set({ ...record, installed: false });
  }
  return { clientKey: record.clientKey, sharedSecret: record.sharedSecret, status, signed: true };
}
