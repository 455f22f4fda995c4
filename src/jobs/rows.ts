import { isLevel, type Level } from "../access/levels";
import type { Principal } from "../access/principal";

/**
 * Column values as the drivers return them: PostgreSQL returns bigint and count(*) as strings, SQLite as numbers.
 * Every numeric read goes through `num` so callers never see a string.
 */
export type DbNumber = number | string;

export const num = (value: DbNumber | bigint | null | undefined): number => (value === null || value === undefined ? 0 : Number(value));
export const numOrNull = (value: DbNumber | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));
export const isoOrNull = (ms: DbNumber | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());

/** Levels come back from our own writes; a foreign value means a corrupted row, which is worth failing loudly on. */
export function levelOf(value: string): Level {
  if (!isLevel(value)) throw new Error(`Unknown level in the database: ${value}`);
  return value;
}

/** Principals are stored as the JSON we wrote from a typed value. */
export const principalOf = (json: string): Principal => JSON.parse(json) as Principal;

export interface JobRow {
  id: string;
  client_key: string;
  project_key: string;
  kind: string;
  state: string;
  plan_id: string | null;
  parent_job_id: string | null;
  created_by: string;
  created_by_name: string | null;
  created_at: DbNumber;
  started_at: DbNumber | null;
  finished_at: DbNumber | null;
  budget_key: string | null;
  total: number;
  cancel_requested_at: DbNumber | null;
  cancelled_by: string | null;
  stop_code: string | null;
  stop_message: string | null;
  principal: string | null;
  permission: string | null;
}

export interface JobItemRow {
  id: DbNumber;
  job_id: string;
  client_key: string;
  seq: number;
  target: string;
  repository_uuid: string | null;
  repository_slug: string | null;
  principal: string;
  principal_key: string;
  before: string;
  after: string;
  state: string;
  attempts: number;
  retries: number;
  not_before_ms: DbNumber;
  lease_owner: string | null;
  lease_expires_ms: DbNumber | null;
  started_at: DbNumber | null;
  error_code: string | null;
  error_message: string | null;
  finished_at: DbNumber | null;
}
