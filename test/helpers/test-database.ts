import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import knexFactory from "knex";

/** A database URL for one test file, and how to throw it away afterwards. */
export interface TestDatabaseUrl {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * SQLite by default (a temp file, since ACE's store and our tables open it from two connections).
 * When TEST_DATABASE_URL names a PostgreSQL server (as .ci/run sets it), a fresh scratch database is created on it
 * per call, so test files run in parallel without sharing rows.
 */
export async function createTestDatabaseUrl(): Promise<TestDatabaseUrl> {
  const server = process.env.TEST_DATABASE_URL;
  if (server?.startsWith("postgres")) {
    const name = `pa_test_${randomBytes(6).toString("hex")}`;
    const admin = knexFactory({ client: "pg", connection: server, pool: { min: 0, max: 1 } });
    await admin.raw(`CREATE DATABASE ${name}`);
    await admin.destroy();
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const again = knexFactory({ client: "pg", connection: server, pool: { min: 0, max: 1 } });
        await again.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await again.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pa-test-"));
  return {
    url: `sqlite:${path.join(dir, "app.db")}`,
    drop: () => fs.promises.rm(dir, { recursive: true, force: true }),
  };
}

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL?.startsWith("postgres"));
