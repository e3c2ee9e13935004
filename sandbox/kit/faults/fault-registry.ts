import { opaqueId } from '../opaque-id';
import { FaultKind } from './fault-kinds';
import type { FaultSpec } from './fault-spec';
import { RequestRateWindow, type RateLimitCounts } from './request-rate-window';

/**
 * A fault waiting to fire. `remaining` counts down for count faults; rate faults and rate limits last until
 * cleared. A rate limit lists what it admitted and refused (`counts`).
 */
export interface ActiveFault {
  id: string;
  kind: FaultKind;
  remaining?: number;
  rate?: number;
  route?: string;
  retryAfterSeconds?: number;
  delayMs?: number;
  requestsPerSecond?: number;
  counts?: RateLimitCounts;
  createdAt: string;
  /** How many requests this fault has hit so far (chaos runs report how much they injected). */
  fired: number;
}

/** The request a fault is being matched against. */
export interface FaultTarget {
  method: string;
  path: string;
}

/**
 * One sandbox's active faults, in memory: they describe a test's scenario, not vendor data, so they do not
 * survive a restart. Faults are tried in the order they were added.
 */
export class FaultRegistry {
  #faults: ActiveFault[] = [];
  /** The sliding window of each `rate_limit` fault, by fault ID. */
  #windows = new Map<string, RequestRateWindow>();
  readonly #random: () => number;

  /** @param random source for rate faults; injectable so tests can make a 0.5 rate deterministic. */
  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = {
      id: opaqueId('flt', 10),
      kind: spec.kind,
      ...(spec.count !== undefined ? { remaining: spec.count } : {}),
      ...(spec.rate !== undefined ? { rate: spec.rate } : {}),
      ...(spec.route !== undefined && { route: spec.route }),
      ...(spec.retryAfterSeconds !== undefined && { retryAfterSeconds: spec.retryAfterSeconds }),
      ...(spec.delayMs !== undefined && { delayMs: spec.delayMs }),
      ...(spec.requestsPerSecond !== undefined && { requestsPerSecond: spec.requestsPerSecond }),
      createdAt: new Date().toISOString(),
      fired: 0,
    };
    this.#faults.push(fault);
    if (spec.kind === FaultKind.rateLimit) {
      this.#windows.set(fault.id, new RequestRateWindow(spec.requestsPerSecond!));
    }
    return this.#withCounts(fault);
  }

  list(): ActiveFault[] {
    return this.#faults.map((fault) => this.#withCounts(fault));
  }

  clear(): void {
    this.#faults = [];
    this.#windows.clear();
  }

  /** Seconds until a `rate_limit` fault admits again (its Retry-After). */
  secondsUntilAdmitted(faultId: string): number {
    return this.#windows.get(faultId)?.secondsUntilFree() ?? 1;
  }

  /** The first fault of one of `kinds` that fires for `target`, spending one use of a count fault. */
  takeFirst(kinds: readonly FaultKind[], target?: FaultTarget): ActiveFault | undefined {
    for (const fault of this.#faults) {
      if (kinds.includes(fault.kind) && routeMatches(fault.route, target) && this.#fires(fault)) {
        return { ...fault };
      }
    }
    return undefined;
  }

  /** Every fault of `kinds` that fires, each spending one use: webhook transforms stack on one payload. */
  takeAll(kinds: readonly FaultKind[]): ActiveFault[] {
    return this.#faults
      .filter((fault) => kinds.includes(fault.kind) && this.#fires(fault))
      .map((fault) => ({ ...fault }));
  }

  #fires(fault: ActiveFault): boolean {
    const window = this.#windows.get(fault.id);
    if (window) {
      const refused = !window.admit();
      if (refused) fault.fired += 1;
      return refused;
    }
    if (fault.remaining === undefined) {
      const fires = this.#random() < (fault.rate ?? 0);
      if (fires) fault.fired += 1;
      return fires;
    }
    fault.fired += 1;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((other) => other !== fault);
    return true;
  }

  #withCounts(fault: ActiveFault): ActiveFault {
    const window = this.#windows.get(fault.id);
    return window ? { ...fault, counts: { ...window.counts } } : { ...fault };
  }
}

/**
 * A route restricts by method (optional) and path prefix on segment boundaries: `/v1/customers` matches
 * `/v1/customers` and `/v1/customers/cus_1`, not `/v1/customers-export`.
 */
export function routeMatches(route: string | undefined, target: FaultTarget | undefined): boolean {
  if (route === undefined) return true;
  if (target === undefined) return false;
  const [method, prefix] = route.includes(' ') ? route.split(' ', 2) : [undefined, route];
  if (method !== undefined && method.toUpperCase() !== target.method.toUpperCase()) return false;
  const pathPrefix = (prefix ?? '/').replace(/\/+$/, '');
  return pathPrefix === '' || target.path === pathPrefix || target.path.startsWith(`${pathPrefix}/`);
}
