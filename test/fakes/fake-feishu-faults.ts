import type { Endpoint, Fault, FaultOptions, IncomingCall } from "../../src/playground/stand-in/types";

interface Rule {
  id: number;
  endpoint: Endpoint | "*";
  fault: Fault;
  remaining: number; // Infinity when unbounded
  rate: number | undefined;
  when: ((call: IncomingCall) => boolean) | undefined;
}

/** mulberry32: a small seeded generator so rate-based faults repeat run to run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fault rules per endpoint: for the next N calls, for a share of calls, or both; first matching rule wins. */
export class FaultInjector {
  private rules: Rule[] = [];
  private nextId = 1;
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seeded(seed);
  }

  add(endpoint: Endpoint | "*", fault: Fault, opts: FaultOptions = {}): { remove(): void } {
    const remaining = opts.times ?? (opts.rate === undefined ? 1 : Number.POSITIVE_INFINITY);
    const rule: Rule = { id: this.nextId++, endpoint, fault, remaining, rate: opts.rate, when: opts.when };
    this.rules.push(rule);
    return { remove: () => this.remove(rule.id) };
  }

  clear(): void {
    this.rules = [];
  }

  private remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  /** The fault for this call, if any (consumes one of a rule's `times`). */
  pick(call: IncomingCall): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.endpoint !== "*" && rule.endpoint !== call.endpoint) continue;
      if (rule.when && !rule.when(call)) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.remaining--;
      if (rule.remaining <= 0) this.remove(rule.id);
      return rule.fault;
    }
    return undefined;
  }
}
