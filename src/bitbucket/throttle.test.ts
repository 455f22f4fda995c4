import { createBitbucketClient, type BitbucketClientOptions } from "./client";
import type { BitbucketCredential } from "./credentials";
import { path } from "./path";
import { fakeTime, jsonResponse, recordingFetch, type Responder } from "./testing/recording-fetch";
import { Limiter } from "./throttle";

const alice: BitbucketCredential = { kind: "api-token", email: "alice@example.com", apiToken: "a" };
const bob: BitbucketCredential = { kind: "api-token", email: "bob@example.com", apiToken: "b" };

/** A responder that holds every request until released, and records how many were in flight at once. */
function gate() {
  let inFlight = 0;
  const peaks: number[] = [];
  const waiting: Array<() => void> = [];
  const respond: Responder = () => {
    inFlight++;
    peaks.push(inFlight);
    return new Promise((resolve) => {
      waiting.push(() => {
        inFlight--;
        resolve(jsonResponse(200, {}));
      });
    });
  };
  const releaseAll = async (): Promise<void> => {
    while (waiting.length > 0 || inFlight > 0) {
      waiting.splice(0).forEach((release) => {
        release();
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { respond, peaks, releaseAll, inFlight: () => inFlight };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function client(respond: Responder, options: Partial<BitbucketClientOptions>) {
  const time = fakeTime();
  const recorder = recordingFetch(respond, time.clock);
  return {
    time,
    requests: recorder.requests,
    client: createBitbucketClient({ baseUrl: "https://api.bitbucket.org", fetch: recorder.fetch, clock: time.clock, sleep: time.sleep, retry: false, ...options }),
  };
}

describe("throttle", () => {
  test("When 10 reads are started at once, then at most read.maxConcurrent are in flight for one credential", async () => {
    const g = gate();
    const { client: c } = client(g.respond, { throttle: { read: { maxConcurrent: 3 } } });
    const api = c.as(alice);
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => api.get(path`/2.0/users/${i}`)));
    await flush();
    expect(g.inFlight()).toBe(3);
    await g.releaseAll();
    await all;
    expect(Math.max(...g.peaks)).toBe(3);
    expect(g.peaks).toHaveLength(10);
  });

  test("When two credentials read at once, then each has its own limiter", async () => {
    const g = gate();
    const { client: c } = client(g.respond, { throttle: { read: { maxConcurrent: 2 } } });
    const all = Promise.all([alice, alice, alice, bob, bob, bob].map((who, i) => c.as(who).get(path`/2.0/users/${i}`)));
    await flush();
    expect(g.inFlight()).toBe(4);
    await g.releaseAll();
    await all;
  });

  test("When writes are queued, then they run one at a time, minTimeMs apart", async () => {
    const { client: c, requests } = client(() => jsonResponse(200, { permission: "read" }), { throttle: { write: { maxConcurrent: 1, minTimeMs: 1000 } } });
    const api = c.as(alice);
    await Promise.all([1, 2, 3].map((i) => api.put(path`/2.0/x/${i}`, { permission: "read" })));
    const gaps = requests.slice(1).map((r, i) => r.atMs - requests[i]!.atMs);
    expect(gaps).toEqual([1000, 1000]);
  });

  test("When writes are sent one after another, then the minTimeMs gap still holds between them", async () => {
    const { client: c, requests } = client(() => jsonResponse(200, {}), { throttle: { write: { minTimeMs: 500 } } });
    const api = c.as(alice);
    await api.put(path`/2.0/x/1`, {});
    await api.put(path`/2.0/x/2`, {});
    expect(requests[1]!.atMs - requests[0]!.atMs).toBe(500);
  });

  test("When a write is slow, then reads of the same credential are not held behind it", async () => {
    const g = gate();
    const { client: c } = client((request, index) => (request.method === "PUT" ? g.respond(request, index) : jsonResponse(200, {})), {});
    const api = c.as(alice);
    const write = api.put(path`/2.0/x/1`, {});
    await flush();
    await expect(api.get(path`/2.0/user`)).resolves.toEqual({});
    await g.releaseAll();
    await write;
  });

  test("When the throttle is switched off, then all requests go out at once", async () => {
    const g = gate();
    const { client: c } = client(g.respond, { throttle: false });
    const api = c.as(alice);
    const all = Promise.all(Array.from({ length: 8 }, (_, i) => api.put(path`/2.0/x/${i}`, {})));
    await flush();
    expect(g.inFlight()).toBe(8);
    await g.releaseAll();
    await all;
  });

  test("When a task fails, then its slot is released for the next one", async () => {
    const limiter = new Limiter({ maxConcurrent: 1, minTimeMs: 0 });
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(() => Promise.resolve(7))).resolves.toBe(7);
    expect(limiter.idle).toBe(true);
  });

  test("When maxConcurrent is not a positive integer, then the limiter refuses it", () => {
    expect(() => new Limiter({ maxConcurrent: 0, minTimeMs: 0 })).toThrow(RangeError);
  });
});
