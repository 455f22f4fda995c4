/**
 * Contract-test harness: the real client against the simulator on port 0, sharing the simulator's fake clock (so JWT
 * expiry, rolling windows and backoff all run on one timeline) with a sleep that advances that clock instantly.
 */
import { createBitbucketClient, type BitbucketClient, type BitbucketClientOptions, type BitbucketCredential } from "../../src/bitbucket";
import { aWorkspace, startSimulator, type RunningSimulator, type SimFixture } from "../bitbucket-sim";

export const APP_KEY = "project-access";
export const CLIENT_KEY = "connection:contract";
export const SHARED_SECRET = "contract-shared-secret-0123456789";
export const OWNER_TOKEN = "olivia-api-token";
export const WS = "acme";

export const jwt: Extract<BitbucketCredential, { kind: "connect-jwt" }> = { kind: "connect-jwt", appKey: APP_KEY, clientKey: CLIENT_KEY, sharedSecret: SHARED_SECRET };
export const ownerToken: BitbucketCredential = { kind: "api-token", email: "olivia@acme.example", apiToken: OWNER_TOKEN };

/** acme: owner olivia, members alice and bob, outsider zed; groups developers (alice) and admins; PROJ (3 repos), BIG (230), OTHER (1). */
export function contractFixture(): SimFixture {
  return aWorkspace(WS)
    .withOwner("olivia")
    .withUser("alice")
    .withUser("bob")
    .withOutsider("zed")
    .withGroup("developers", { name: "Developers", members: ["alice"] })
    .withGroup("admins", { name: "Admins" })
    .withProject("PROJ", { repos: 3 })
    .withProject("BIG", { repos: 230 })
    .withProject("OTHER", { repos: 1 })
    .withRepoGrant("proj-repo-001", { user: "alice" }, "write")
    .withRepoGrant("proj-repo-001", { group: "developers" }, "read")
    .withProjectGrant("PROJ", { user: "bob" }, "read")
    .withProjectGrant("PROJ", { group: "developers" }, "write")
    .withApiToken("olivia", OWNER_TOKEN)
    .withInstallation({ clientKey: CLIENT_KEY, sharedSecret: SHARED_SECRET, appKey: APP_KEY })
    .build();
}

/** A spam-marked workspace, whose repository list answers 410. */
export function spamFixture(): SimFixture {
  return aWorkspace("spammy").withOwner("sam").withProject("S", { repos: 1 }).markedAsSpam().build();
}

export interface Contract {
  sim: RunningSimulator;
  client: (options?: Partial<BitbucketClientOptions>) => BitbucketClient;
  /** The uuid of a fixture user, by nickname. */
  uuid: (nickname: string) => string;
}

const builder = aWorkspace(WS);

export async function startContract(): Promise<Contract> {
  const sim = await startSimulator({ port: 0, clock: { fake: true } });
  return {
    sim,
    client: (options = {}) =>
      createBitbucketClient({
        baseUrl: sim.url,
        clock: () => sim.clock.now(),
        sleep: (ms) => {
          sim.clock.advance(ms);
          return Promise.resolve();
        },
        random: () => 0.5,
        ...options,
      }),
    uuid: (nickname) => builder.userUuid(nickname),
  };
}

/** Resets the simulator to the contract fixture. */
export function reseed(sim: RunningSimulator): void {
  sim.reset();
  sim.seed(contractFixture());
  sim.seed(spamFixture());
}
