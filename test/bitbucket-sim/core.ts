import { apiTokenKey } from "./auth/authenticate";
import { type Clock, type ClockOptions, createClock } from "./clock";
import { SimEvents } from "./control/events";
import { type FaultRule, Faults } from "./control/faults";
import { RateLimiter } from "./control/rate-limit";
import { RequestLog } from "./control/request-log";
import type { BearerToken, Installation } from "./state/model";
import { SimState } from "./state/store";
import { loadFixture } from "./seed/load";
import type { SimFixture } from "./seed/fixture";
import { DEFAULT_SWITCHES, type Switches } from "./switches";

export interface SimulatorCoreOptions {
  /** Overrides of the §4.3 defaults; `reset()` returns to these. */
  switches?: Partial<Switches>;
  /** An injected clock, or options for a new one (`{ fake: true }` for tests). Real time by default. */
  clock?: Clock | ClockOptions;
  /** Seed of the PRNG behind fault probabilities and jitter. Default 1. */
  randomSeed?: number;
}

/** The parts of a simulator that exist without HTTP: state, knobs, counters and the event bus. */
export interface SimCore {
  readonly state: SimState;
  readonly clock: Clock;
  /** Live switches; mutate through `setSwitches` so callers see one consistent object. */
  readonly switches: Switches;
  readonly events: SimEvents;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly limiter: RateLimiter;
  readonly cache: Map<string, { version: number; value: unknown }>;
  setSwitches: (partial: Partial<Switches>) => Switches;
  /** Clears state, faults, the request log and rate counters; switches return to their start values. */
  reset: () => void;
  /** Adds a fixture (additive). @throws {Error} on a dangling reference. */
  seed: (fixture: SimFixture) => void;
  registerInstallation: (installation: { clientKey: string; sharedSecret: string; appKey: string; workspaceUuid: string }) => void;
  removeInstallation: (clientKey: string) => void;
  addApiToken: (token: { email: string; token: string; userUuid: string; scopes?: string[] }) => void;
  addBearerToken: (token: BearerToken) => void;
  setFaults: (rules: readonly FaultRule[]) => void;
}

const isClock = (value: Clock | ClockOptions | undefined): value is Clock =>
  value !== undefined && typeof (value as Partial<Clock>).now === "function";

/** Builds the HTTP-free core. */
export function createSimCore(options: SimulatorCoreOptions = {}): SimCore {
  const clock = isClock(options.clock) ? options.clock : createClock(options.clock);
  const initial: Switches = { ...DEFAULT_SWITCHES, ...options.switches };
  const switches: Switches = { ...initial };
  const state = new SimState(clock, () => switches.readAfterWriteLagMs);
  const faults = new Faults(options.randomSeed ?? 1);
  const log = new RequestLog();
  const limiter = new RateLimiter(clock, () => switches);
  const cache = new Map<string, { version: number; value: unknown }>();
  return {
    state, clock, switches, events: new SimEvents(), faults, log, limiter, cache,
    setSwitches: (partial) => {
      state.touch(); // switches change what lists contain, so cached lists must go
      return Object.assign(switches, partial);
    },
    reset: () => {
      state.reset();
      faults.set([]);
      log.clear();
      limiter.reset();
      cache.clear();
      Object.assign(switches, initial);
    },
    seed: (fixture) => { loadFixture(state, fixture); },
    registerInstallation: (installation: Installation) => {
      state.installations.set(installation.clientKey, { ...installation, workspaceUuid: installation.workspaceUuid.toLowerCase() });
    },
    removeInstallation: (clientKey) => { state.installations.delete(clientKey); },
    addApiToken: (token) => { state.apiTokens.set(apiTokenKey(token.email, token.token), { ...token }); },
    addBearerToken: (token) => { state.bearerTokens.set(token.token, { ...token }); },
    setFaults: (rules) => { faults.set(rules); },
  };
}
