import { createTenantCache } from "./tenant-cache";

/** A loader over a mutable table, counting its calls, whose answers can be held back. */
function table(initial: Record<string, string>) {
  const rows = new Map(Object.entries(initial));
  let calls = 0;
  let gate: Promise<void> | undefined;
  return {
    rows,
    calls: () => calls,
    hold(): () => void {
      let open: (() => void) | undefined;
      gate = new Promise<void>((resolve) => { open = resolve; });
      return () => { gate = undefined; open?.(); };
    },
    load: async (key: string): Promise<string | undefined> => {
      calls++;
      if (gate) await gate;
      return rows.get(key);
    },
  };
}

describe("tenant cache", () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => { now = 1_000_000; });

  test("When a tenant is read twice within the TTL, then the database is asked once; after the TTL, again", async () => {
    const db = table({ a: "secret-1" });
    const cache = createTenantCache<string>({ ttlMs: 5_000, refreshAheadMs: 0, nowMs: clock });
    expect(await cache.get("a", db.load)).toBe("secret-1");
    now += 4_999;
    expect(await cache.get("a", db.load)).toBe("secret-1");
    expect(db.calls()).toBe(1);
    now += 1;
    db.rows.set("a", "secret-2");
    expect(await cache.get("a", db.load)).toBe("secret-2");
    expect(db.calls()).toBe(2);
  });

  test("When a clientKey is unknown, then nothing is cached and every read asks the database", async () => {
    const db = table({});
    const cache = createTenantCache<string>({ ttlMs: 5_000, nowMs: clock });
    expect(await cache.get("nobody", db.load)).toBeUndefined();
    expect(await cache.get("nobody", db.load)).toBeUndefined();
    expect(db.calls()).toBe(2);
  });

  test("When a tenant is forgotten, then the next read asks the database, and a load started before is not kept", async () => {
    const db = table({ a: "old" });
    const cache = createTenantCache<string>({ ttlMs: 5_000, nowMs: clock });
    const release = db.hold();
    const racing = cache.get("a", db.load);
    cache.forget("a");
    release();
    expect(await racing).toBe("old");
    db.rows.set("a", "new");
    expect(await cache.get("a", db.load)).toBe("new");
  });

  test("When many requests miss at once, then they share one load", async () => {
    const db = table({ a: "s" });
    const cache = createTenantCache<string>({ ttlMs: 5_000, nowMs: clock });
    const release = db.hold();
    const reads = Promise.all([cache.get("a", db.load), cache.get("a", db.load), cache.get("a", db.load)]);
    release();
    expect(await reads).toEqual(["s", "s", "s"]);
    expect(db.calls()).toBe(1);
  });

  test("When an entry is in its last stretch, then it is answered at once and reloaded in the background", async () => {
    const db = table({ a: "secret-1" });
    const cache = createTenantCache<string>({ ttlMs: 5_000, refreshAheadMs: 1_000, nowMs: clock });
    await cache.get("a", db.load);
    now += 4_000;
    db.rows.set("a", "secret-2");
    const release = db.hold();
    // The reload is held, yet the read answers: it did not wait for the database.
    expect(await cache.get("a", db.load)).toBe("secret-1");
    expect(await cache.get("a", db.load)).toBe("secret-1");
    expect(db.calls()).toBe(2); // one background reload, not one per read
    release();
    await new Promise((resolve) => setImmediate(resolve));
    now += 3_500; // past the first value's life, and short of the reloaded one's last stretch
    expect(await cache.get("a", db.load)).toBe("secret-2");
    expect(db.calls()).toBe(2);
  });

  test("When a background reload has not finished by the end of the TTL, then the old value is not answered any more", async () => {
    const db = table({ a: "secret-1" });
    const cache = createTenantCache<string>({ ttlMs: 5_000, refreshAheadMs: 1_000, nowMs: clock });
    await cache.get("a", db.load);
    now += 4_500;
    db.rows.set("a", "secret-2");
    const release = db.hold();
    expect(await cache.get("a", db.load)).toBe("secret-1");
    now += 500;
    const waiting = cache.get("a", db.load);
    release();
    expect(await waiting).toBe("secret-2");
  });

  test("When a background reload finds the tenant gone, then the entry is dropped at once", async () => {
    const db = table({ a: "secret-1" });
    const cache = createTenantCache<string>({ ttlMs: 5_000, refreshAheadMs: 1_000, nowMs: clock });
    await cache.get("a", db.load);
    now += 4_000;
    db.rows.delete("a");
    expect(await cache.get("a", db.load)).toBe("secret-1");
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get("a", db.load)).toBeUndefined();
  });
});
