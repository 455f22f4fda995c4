import path from "node:path";
import { dialectOf, sqliteFileOf } from "../db/database";

/** ACE's sequelize store options (lib/store/sequelize.js), pointed at the same database as the app's knex tables. */
export type AceStoreOptions =
  | {
      readonly adapter: "sequelize";
      readonly dialect: "sqlite";
      readonly storage: string;
      readonly logging: false;
      /** ACE's connection and knex's are two connections to one file: wait out the other's write lock. */
      readonly retry: { readonly match: readonly RegExp[]; readonly max: number };
    }
  | {
      readonly adapter: "sequelize";
      readonly dialect: "postgres";
      readonly url: string;
      readonly logging: false;
      readonly pool: { readonly max: number; readonly min: number; readonly idle: number };
    };

/**
 * Maps `DATABASE_URL` to ACE's store options, so ACE's `AddonSettings` rows (the shared secrets) live in the app's database.
 * @throws {Error} for `sqlite::memory:`: ACE and knex would each get a private in-memory database, so uninstall could not
 *   delete the secret; use a file
 */
export function aceStoreOptions(databaseUrl: string): AceStoreOptions {
  if (dialectOf(databaseUrl) === "postgres") {
    return {
      adapter: "sequelize",
      dialect: "postgres",
      url: databaseUrl.replace(/^postgresql:\/\//, "postgres://"),
      logging: false,
      pool: { max: 5, min: 0, idle: 10_000 },
    };
  }
  const file = sqliteFileOf(databaseUrl);
  if (file === ":memory:" || file === "") {
    throw new Error("DATABASE_URL=sqlite::memory: cannot be shared by ACE's store and the app's tables; use sqlite:PATH");
  }
  return {
    adapter: "sequelize",
    dialect: "sqlite",
    storage: path.resolve(file),
    logging: false,
    retry: { match: [/SQLITE_BUSY/], max: 10 },
  };
}
