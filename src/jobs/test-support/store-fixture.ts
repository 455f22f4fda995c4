import { openDatabase, type Database } from "../../db/database";
import { createTestDatabaseUrl } from "../../../test/helpers/test-database";
import { createJobStore, type JobStore } from "../job-store";
import { fakeClock, type FakeClock } from "./fixtures";

/** A scratch database (SQLite, or PostgreSQL under TEST_DATABASE_URL) with a job store on a fake clock, for one test. */
export interface StoreFixture {
  readonly url: string;
  readonly db: Database;
  readonly clock: FakeClock;
  readonly store: JobStore;
  close(): Promise<void>;
}

export async function openStoreFixture(): Promise<StoreFixture> {
  const testDb = await createTestDatabaseUrl();
  const db = await openDatabase(testDb.url);
  const clock = fakeClock();
  return {
    url: testDb.url, db, clock, store: createJobStore({ db, clock: clock.now }),
    close: async () => {
      await db.close();
      await testDb.drop();
    },
  };
}
