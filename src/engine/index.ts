/** The access engine's public surface for hosts (the Connect app, the CLI). Host-neutral: no Connect, no Express. */
export { createEngine, type Engine } from "./engine";
export type { EngineDeps, EngineInstallation, EngineLogger, EngineTuning } from "./types";
export { EngineError, CredentialMissing, SnapshotReading, type EngineErrorCode } from "./errors";
export type { AccessService, PrincipalMatch, ReadProgress, SnapshotView } from "./access-service";
export type { CredentialAccount, CredentialService, TokenCredential } from "./credential-service";
export type { EngineActor, PlanService } from "./plan-service";
export type { JobCommands } from "./job-commands";
export type { RepositoryEvent, WebhookService } from "./webhook-service";
export type { SnapshotStore, StoredSnapshot } from "./snapshot-store";
