import type { AccessSnapshot } from "../access";
import type { Database } from "../db/database";
import { lockedTransaction } from "../jobs/locked-transaction";

type DbNumber = number | string;
interface SnapshotRow {
  client_key: string;
  project_key: string;
  project_uuid: string;
  as_of_ms: DbNumber;
  updated_at: DbNumber;
  snapshot: string;
  pending_batches?: DbNumber;
  pending_since_ms?: DbNumber | null;
}

/** A stored snapshot and when Bitbucket was last read for it. */
export interface StoredSnapshot {
  readonly snapshot: AccessSnapshot;
  readonly asOfMs: number;
  /**
   * Set while job results are waiting to be written into the snapshot (a batch was opened and not yet flushed): since when.
   * Old means the instance holding the batch died, so the snapshot is missing results and must be read again.
   */
  readonly pendingSinceMs?: number;
}

/**
 * Where each project's access snapshot lives between reads (migration 003). Every method takes the tenant's clientKey, so a
 * project key from a URL never reaches another workspace's row.
 */
export interface SnapshotStore {
  get(clientKey: string, projectKey: string): Promise<StoredSnapshot | null>;
  /** Stores a fresh read from Bitbucket (replacing what was there). */
  save(clientKey: string, snapshot: AccessSnapshot): Promise<void>;
  /**
   * Changes a stored snapshot in place (job results, webhooks), read-modify-write under a lock so two workers updating the
   * same project never lose each other's change. Does nothing when the project has no stored snapshot (it will be read
   * whole when someone opens it). `change` returning null deletes the row.
   */
  update(
    clientKey: string, projectKey: string, change: (snapshot: AccessSnapshot) => AccessSnapshot | null, options?: { settlesBatch?: boolean },
  ): Promise<boolean>;
  /**
   * Records that a batch of job results for the project is about to be held in memory (one small UPDATE, no JSON): the
   * matching `update(..., { settlesBatch: true })` takes it back. False when the project has no stored snapshot.
   */
  openBatch(clientKey: string, projectKey: string): Promise<boolean>;
  /** Project keys whose stored snapshot lists this repository (uuid), for webhooks that do not say the project. */
  projectsWithRepository(clientKey: string, repositoryUuid: string): Promise<string[]>;
}

const lockName = (clientKey: string, projectKey: string): string => `project-access:snapshot:${clientKey}:${projectKey}`;

/** @see migration 003-snapshots */
export function createSnapshotStore(db: Database, clock: () => number): SnapshotStore {
  const table = () => db.knex<SnapshotRow>("access_snapshots");
  const parse = (row: SnapshotRow): AccessSnapshot => JSON.parse(row.snapshot) as AccessSnapshot;

  return {
    async get(clientKey, projectKey) {
      const row = await table().where({ client_key: clientKey, project_key: projectKey }).first();
      if (!row) return null;
      const pendingSince = row.pending_since_ms === null || row.pending_since_ms === undefined ? undefined : Number(row.pending_since_ms);
      return { snapshot: parse(row), asOfMs: Number(row.as_of_ms), ...(pendingSince === undefined ? {} : { pendingSinceMs: pendingSince }) };
    },
    async save(clientKey, snapshot) {
      const row: SnapshotRow = {
        client_key: clientKey, project_key: snapshot.project.key, project_uuid: snapshot.project.uuid,
        as_of_ms: snapshot.asOfMs, updated_at: clock(), snapshot: JSON.stringify(snapshot), pending_batches: 0, pending_since_ms: null,
      };
      // A fresh read clears the pending marks: a batch still open elsewhere applies its results on top when it flushes.
      await lockedTransaction(db, lockName(clientKey, snapshot.project.key), async (trx) => {
        await trx<SnapshotRow>("access_snapshots").insert(row).onConflict(["client_key", "project_key"])
          .merge(["project_uuid", "as_of_ms", "updated_at", "snapshot", "pending_batches", "pending_since_ms"]);
      });
    },
    async update(clientKey, projectKey, change, options = {}) {
      return lockedTransaction(db, lockName(clientKey, projectKey), async (trx) => {
        const where = { client_key: clientKey, project_key: projectKey };
        const row = await trx<SnapshotRow>("access_snapshots").where(where).first();
        if (!row) return false;
        const next = change(parse(row));
        if (next === null) {
          await trx<SnapshotRow>("access_snapshots").where(where).delete();
          return true;
        }
        const pending = options.settlesBatch === true ? Math.max(0, Number(row.pending_batches ?? 0) - 1) : Number(row.pending_batches ?? 0);
        await trx<SnapshotRow>("access_snapshots").where(where).update({
          snapshot: JSON.stringify(next), updated_at: clock(), pending_batches: pending,
          // Batches of other instances still open are young: restart their clock rather than keep the settled one's.
          pending_since_ms: pending === 0 ? null : options.settlesBatch === true ? clock() : (row.pending_since_ms ?? null),
        });
        return true;
      });
    },
    async openBatch(clientKey, projectKey) {
      const changed = await table().where({ client_key: clientKey, project_key: projectKey }).update({
        pending_batches: db.knex.raw("pending_batches + 1"),
        pending_since_ms: db.knex.raw("coalesce(pending_since_ms, ?)", [clock()]),
      } as unknown as Partial<SnapshotRow>);
      return changed > 0;
    },
    async projectsWithRepository(clientKey, repositoryUuid) {
      // A text search narrows the rows; the parse confirms, so a uuid that only appears inside a name never matches.
      const rows = await table().where({ client_key: clientKey }).andWhere("snapshot", "like", `%${repositoryUuid.replace(/[%_\\]/g, "")}%`);
      return rows.filter((row) => parse(row).repositories.some((r) => r.uuid === repositoryUuid)).map((row) => row.project_key);
    },
  };
}
