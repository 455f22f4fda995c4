import picomatch from "picomatch";
import { seededRandom, type Random } from "../prng";

/**
 * Injected faults (§4.4). The first matching rule with `times` left (and, if it has a `probability`,
 * a winning draw from the seeded PRNG) applies: wait `delayMs` (+ seeded jitter), then destroy the socket
 * (`drop`), answer `status`, or carry on normally when the rule only delays.
 */
export interface FaultRule {
  method?: string;
  /** picomatch glob over the raw path, e.g. `/2.0/repositories/acme/*\/permissions-config/**`. */
  pathGlob: string;
  status?: 429 | 500 | 502 | 503 | 504;
  delayMs?: number;
  jitterMs?: number;
  drop?: true;
  /** How many matching calls the rule affects; unlimited when absent. */
  times?: number;
  /** Chance (0–1) that a matching call is affected. */
  probability?: number;
}

export interface FaultAction {
  delayMs: number;
  status?: FaultRule["status"];
  drop: boolean;
}

interface ActiveRule { rule: FaultRule; isMatch: (path: string) => boolean; remaining: number }

export class Faults {
  private rules: ActiveRule[] = [];
  private random: Random;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  /** Replaces every rule and restarts the PRNG, so the same rules replay the same faults. */
  set(rules: readonly FaultRule[]): void {
    this.random = seededRandom(this.seed);
    this.rules = rules.map((rule) => ({ rule, isMatch: picomatch(rule.pathGlob, { dot: true }), remaining: rule.times ?? Infinity }));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule, ...(Number.isFinite(r.remaining) ? { times: r.remaining } : {}) }));
  }

  /** The action for a public call, or undefined when no rule fires. */
  pick(method: string, path: string): FaultAction | undefined {
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0 || !active.isMatch(path)) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      active.remaining--;
      const jitter = rule.jitterMs === undefined ? 0 : Math.floor(this.random() * rule.jitterMs);
      return { delayMs: (rule.delayMs ?? 0) + jitter, status: rule.status, drop: rule.drop === true };
    }
    return undefined;
  }
}
