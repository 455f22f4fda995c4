import type { Knex } from "knex";
import * as m001 from "./001-tenants";
import * as m002 from "./002-jobs";
import * as m003 from "./003-snapshots";
import * as m004 from "./004-snapshot-pending";

/**
 * Versioned migrations, listed in code so they run the same from ts (tests) and compiled js (production).
 * Append new ones; never edit one that has shipped.
 */
const list: ReadonlyArray<readonly [string, Knex.Migration]> = [
  ["001-tenants", m001],
  ["002-jobs", m002],
  ["003-snapshots", m003],
  ["004-snapshot-pending", m004],
];

export const migrations: Knex.MigrationSource<readonly [string, Knex.Migration]> = {
  getMigrations: () => Promise.resolve([...list]),
  getMigrationName: ([name]) => name,
  getMigration: ([, migration]) => Promise.resolve(migration),
};
