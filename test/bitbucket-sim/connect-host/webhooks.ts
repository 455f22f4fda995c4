import { randomUUID } from "node:crypto";
import type { RepoEvent } from "../control/events";
import { userJson } from "../rest/serialize";
import { appUrl } from "./descriptor";
import { signHostJwt } from "./jwt";
import type { HostInstallation, HostRegistry, HostSim } from "./registry";

export interface WebhookAttempt {
  /** The app's status; 0 when the connection failed (see `error`). */
  status: number;
  error?: string;
  atMs: number;
}

/** One webhook delivery (all its attempts), recorded for tests. */
export interface WebhookDelivery {
  /** `X-Request-UUID`: the same on every attempt of one delivery. */
  requestUuid: string;
  /** `X-Hook-UUID`: one per (installation, webhook module). */
  hookUuid: string;
  event: RepoEvent["event"];
  clientKey: string;
  url: string;
  envelope: "connect" | "flat";
  body: unknown;
  attempts: WebhookAttempt[];
  delivered: boolean;
}

export interface WebhookOptions {
  /** Attempts per delivery, as Bitbucket's "up to 3 times" (bitbucket-platform.md §3.9). Default 3. */
  maxAttempts?: number;
  /** Pause before attempt n+1 is `retryDelayMs * n`. Default 1000. */
  retryDelayMs?: number;
}

const stableHookUuids = new Map<string, string>();
const hookUuidOf = (clientKey: string, url: string): string => {
  const key = `${clientKey} ${url}`;
  let uuid = stableHookUuids.get(key);
  if (uuid === undefined) { uuid = `{${randomUUID()}}`; stableHookUuids.set(key, uuid); }
  return uuid;
};

/**
 * Delivers the simulator's repository events (`sim.events` "repo") to every installed app whose descriptor asks for the
 * event: `Authorization: JWT` signed with the installation's secret (iss = aud = clientKey, qsh over the handler path), the
 * body in the envelope the `webhookEnvelope` switch names, retried on a non-2xx or a failed connection.
 * A transfer is delivered to the apps of the old and the new workspace (which one Bitbucket tells is UNCONFIRMED).
 */
export class WebhookDeliverer {
  private readonly log: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly listener = (event: RepoEvent): void => { this.dispatch(event); };

  constructor(
    private readonly sim: HostSim,
    private readonly registry: HostRegistry,
    private readonly nowMs: () => number,
    private readonly options: WebhookOptions = {},
  ) {
    sim.events.on("repo", this.listener);
  }

  stop(): void {
    this.sim.events.off("repo", this.listener);
  }

  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d, attempts: [...d.attempts] }));
  }

  clear(): void {
    this.log.length = 0;
  }

  /** Resolves when every delivery started so far has succeeded or run out of attempts. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private dispatch(event: RepoEvent): void {
    const workspaces = new Set([event.workspaceUuid, ...(event.previousWorkspace ? [event.previousWorkspace.uuid] : [])]);
    for (const uuid of workspaces) {
      for (const record of this.registry.installedIn(uuid)) {
        for (const hook of record.descriptor.modules.webhooks ?? []) {
          if (hook.event !== event.event && hook.event !== "*") continue;
          const delivery = this.prepare(record, event, hook.url);
          const run = this.deliver(record, delivery, hook.url).finally(() => { this.pending.delete(run); });
          this.pending.add(run);
        }
      }
    }
  }

  private prepare(record: HostInstallation & { descriptor: NonNullable<HostInstallation["descriptor"]> }, event: RepoEvent, path: string): WebhookDelivery {
    const envelope = this.sim.switches.webhookEnvelope;
    const data = {
      actor: this.actorOf(event),
      repository: event.repository,
      ...(event.changes ? { changes: event.changes } : {}),
      ...(event.previousWorkspace ? { previous_workspace: event.previousWorkspace } : {}),
    };
    const delivery: WebhookDelivery = {
      requestUuid: `{${randomUUID()}}`, hookUuid: hookUuidOf(record.clientKey, path), event: event.event, clientKey: record.clientKey,
      url: appUrl(record.descriptor, path), envelope, body: envelope === "connect" ? { event: event.event, data } : data,
      attempts: [], delivered: false,
    };
    this.log.push(delivery);
    return delivery;
  }

  /** Control-API events have no actor: the workspace's first owner stands in. */
  private actorOf(event: RepoEvent): unknown {
    const ws = this.sim.state.findWorkspace(event.workspaceUuid);
    const owner = ws && [...ws.members].find(([, role]) => role === "owner")?.[0];
    const user = owner === undefined ? undefined : this.sim.state.users.get(owner);
    return user ? userJson(this.sim.url, user) : null;
  }

  private async deliver(record: HostInstallation, delivery: WebhookDelivery, path: string): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 1000) * (attempt - 1)));
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "User-Agent": "Bitbucket-Webhooks/2.0",
        // Signed per attempt: a retry minutes later must not carry an expired token.
        Authorization: `JWT ${signHostJwt({ method: "POST", path }, { clientKey: record.clientKey, sharedSecret: record.sharedSecret, nowMs: this.nowMs() })}`,
      };
      if (delivery.envelope === "flat") {
        Object.assign(headers, {
          "X-Event-Key": delivery.event, "X-Hook-UUID": delivery.hookUuid, "X-Request-UUID": delivery.requestUuid,
          "X-Attempt-Number": String(attempt),
        });
      }
      try {
        const response = await fetch(delivery.url, { method: "POST", headers, body: JSON.stringify(delivery.body), signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        delivery.attempts.push({ status: response.status, atMs: this.nowMs() });
        if (response.ok) { delivery.delivered = true; return; }
      } catch (error) {
        delivery.attempts.push({ status: 0, error: error instanceof Error ? error.message : String(error), atMs: this.nowMs() });
      }
    }
  }
}
