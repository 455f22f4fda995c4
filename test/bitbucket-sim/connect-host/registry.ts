import { randomInt } from "node:crypto";
import type { RunningSimulator } from "../index";
import type { AppDescriptor } from "./descriptor";

/** What the host needs of a running simulator: its address, state, switches, event bus, router and REST installations. */
export type HostSim = Pick<RunningSimulator, "url" | "state" | "switches" | "events" | "app" | "registerInstallation" | "removeInstallation">;

/**
 * One app in one workspace, as Bitbucket remembers it. The clientKey is kept for the pair (app, workspace) across
 * uninstalls, and so is the last secret: the next `installed` is signed with it (bitbucket-platform.md §2.3).
 */
export interface HostInstallation {
  appKey: string;
  workspaceUuid: string;
  clientKey: string;
  sharedSecret: string;
  installed: boolean;
  /** Present once installed in this process (a restored record gets it on its next install). */
  descriptor?: AppDescriptor;
}

/** The part of a record worth keeping across restarts (the sandbox saves it, so a restart re-installs signed). */
export type SavedInstallation = Omit<HostInstallation, "descriptor">;

export class HostRegistry {
  private readonly records = new Map<string, HostInstallation>();
  /** `connection:<n>` as Bitbucket names unregistered apps' installations; random start, so a restart never reuses one. */
  private nextClientKey = randomInt(100_000, 900_000);

  constructor(saved: readonly SavedInstallation[] = []) {
    for (const record of saved) this.records.set(key(record.appKey, record.workspaceUuid), { ...record });
  }

  get(appKey: string, workspaceUuid: string): HostInstallation | undefined {
    return this.records.get(key(appKey, workspaceUuid));
  }

  byClientKey(clientKey: string): HostInstallation | undefined {
    return [...this.records.values()].find((r) => r.clientKey === clientKey);
  }

  /** Installed apps of a workspace whose descriptor this process knows. */
  installedIn(workspaceUuid: string): (HostInstallation & { descriptor: AppDescriptor })[] {
    return [...this.records.values()].filter((r): r is HostInstallation & { descriptor: AppDescriptor } =>
      r.installed && r.descriptor !== undefined && r.workspaceUuid === workspaceUuid.toLowerCase());
  }

  set(record: HostInstallation): void {
    this.records.set(key(record.appKey, record.workspaceUuid), { ...record, workspaceUuid: record.workspaceUuid.toLowerCase() });
  }

  freshClientKey(): string {
    return `connection:${this.nextClientKey++}`;
  }

  saved(): SavedInstallation[] {
    return [...this.records.values()].map(({ descriptor: _descriptor, ...rest }) => ({ ...rest }));
  }
}

const key = (appKey: string, workspaceUuid: string): string => `${appKey} ${workspaceUuid.toLowerCase()}`;
