import { createQueryStringHash, decodeSymmetric, fromMethodAndUrl, SymmetricAlgorithm } from "atlassian-jwt";
import { authorizationHeader, JWT_LIFETIME_SEC } from "./auth";
import { createBitbucketClient } from "./client";
import type { BitbucketCredential } from "./credentials";
import { path } from "./path";
import { fakeTime, jsonResponse, recordingFetch } from "./testing/recording-fetch";

const SECRET_VALUE = "shared-secret-of-the-install";
const jwt: BitbucketCredential = { kind: "connect-jwt", appKey: "project-access", clientKey: "connection:42", sharedSecret: SECRET_VALUE };
const token: BitbucketCredential = { kind: "api-token", email: "admin@example.com", apiToken: "ATATT-token" };

interface Claims { iss: string; sub: string; iat: number; exp: number; qsh: string }

const decode = (header: string | null, secret = SECRET_VALUE): Claims => {
  expect(header).toMatch(/^JWT /);
  return decodeSymmetric((header ?? "").slice(4), secret, SymmetricAlgorithm.HS256) as Claims;
};

describe("auth", () => {
  test("When a JWT request is sent, then the token's claims are iss=appKey, sub=clientKey, iat=now, exp=now+180", async () => {
    const time = fakeTime(Date.UTC(2026, 4, 1, 12, 0, 0, 500));
    const { fetch, requests } = recordingFetch([jsonResponse(200, {})]);
    await createBitbucketClient({ baseUrl: "https://api.bitbucket.org", fetch, clock: time.clock, throttle: false }).as(jwt).get(path`/2.0/user`);
    const claims = decode(requests[0]!.headers.get("authorization"));
    const nowSec = Math.floor(time.clock() / 1000);
    expect(claims).toMatchObject({ iss: "project-access", sub: "connection:42", iat: nowSec, exp: nowSec + JWT_LIFETIME_SEC });
  });

  test("When a JWT request has a query, then the qsh recomputed from the URL on the wire matches the token's", async () => {
    const { fetch, requests } = recordingFetch([jsonResponse(200, { values: [] })]);
    const api = createBitbucketClient({ baseUrl: "https://api.bitbucket.org", fetch, throttle: false }).as(jwt);
    await api.get(path`/2.0/repositories/${"acme"}`, { q: 'project.key="PROJ"', pagelen: 100, fields: "+values.user.email" });
    const sent = requests[0]!;
    expect(sent.url.href).toBe(
      "https://api.bitbucket.org/2.0/repositories/acme?q=project.key%3D%22PROJ%22&pagelen=100&fields=%2Bvalues.user.email",
    );
    const claims = decode(sent.headers.get("authorization"));
    expect(claims.qsh).toBe(createQueryStringHash(fromMethodAndUrl("GET", sent.url.href)));
    // The documented canonical form (bitbucket-platform.md §2.5), independent of atlassian-jwt's parsing:
    const canonical = "GET&/2.0/repositories/acme&fields=%2Bvalues.user.email&pagelen=100&q=project.key%3D%22PROJ%22";
    const { createHash } = await import("node:crypto");
    expect(claims.qsh).toBe(createHash("sha256").update(canonical).digest("hex"));
    expect(sent.url.searchParams.has("jwt")).toBe(false);
  });

  test("When the API base has a path prefix, then the qsh covers the path under it (/2.0/...)", () => {
    const url = new URL("http://127.0.0.1:9999/bb/2.0/workspaces/acme/projects");
    const claims = decode(authorizationHeader(jwt, "GET", url, "/bb", Date.now()));
    expect(claims.qsh).toBe(createQueryStringHash({ method: "GET", pathname: "/2.0/workspaces/acme/projects", query: {} }));
  });

  test("When a PUT is signed, then the qsh is over PUT and the encoded path", () => {
    const url = new URL("https://api.bitbucket.org/2.0/repositories/acme/repo/permissions-config/users/557058%3Aabc");
    const claims = decode(authorizationHeader(jwt, "PUT", url, "", Date.now()));
    expect(claims.qsh).toBe(createQueryStringHash(fromMethodAndUrl("PUT", url.href)));
  });

  test("When two requests are sent, then each carries its own freshly signed token", async () => {
    const time = fakeTime();
    const { fetch, requests } = recordingFetch([jsonResponse(200, {}), jsonResponse(200, {})]);
    const api = createBitbucketClient({ baseUrl: "https://api.bitbucket.org", fetch, clock: time.clock, throttle: false }).as(jwt);
    await api.get(path`/2.0/user`);
    time.advance(60_000);
    await api.get(path`/2.0/users/${"{u}"}`);
    const [first, second] = requests.map((r) => decode(r.headers.get("authorization")));
    expect(second!.iat - first!.iat).toBe(60);
    expect(second!.qsh).not.toBe(first!.qsh);
  });

  test("When an API token is used, then the header is Basic base64(email:token)", async () => {
    const { fetch, requests } = recordingFetch([jsonResponse(200, {})]);
    await createBitbucketClient({ baseUrl: "https://api.bitbucket.org", fetch, throttle: false }).as(token).get(path`/2.0/user`);
    const expected = `Basic ${Buffer.from("admin@example.com:ATATT-token").toString("base64")}`;
    expect(requests[0]!.headers.get("authorization")).toBe(expected);
  });
});
