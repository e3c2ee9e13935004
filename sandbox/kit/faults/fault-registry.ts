import { opaqueId } from '../opaque-id';
import type { FaultKind } from './fault-kinds';
import type { FaultSpec } from './fault-spec';

/** A fault waiting to fire. `remaining` counts down for count faults; rate faults last until cleared. */
export interface ActiveFault {
  id: string;
  kind: FaultKind;
  remaining?: number;
  rate?: number;
  route?: string;
  retryAfterSeconds?: number;
  delayMs?: number;
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
  readonly #random: () => number;

  /** @param random source for rate faults; injectable so tests can make a 0.5 rate deterministic. */
  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = {
      id: opaqueId('flt', 10),
      kind: spec.kind,
      ...(spec.count !== undefined ? { remaining: spec.count } : { rate: spec.rate }),
      ...(spec.route !== undefined && { route: spec.route }),
      ...(spec.retryAfterSeconds !== undefined && { retryAfterSeconds: spec.retryAfterSeconds }),
      ...(spec.delayMs !== undefined && { delayMs: spec.delayMs }),
      createdAt: new Date().toISOString(),
      fired: 0,
    };
    this.#faults.push(fault);
    return fault;
  }

  list(): ActiveFault[] {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.#faults = [];
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
