import type { AuditedSystem } from './target-audit';

/** The write route of client onboarding's resource at each target, where slow writes are aimed. */
const createRoutes: Record<AuditedSystem, string> = {
  projectTool: 'POST /v2/projects',
  billing: 'POST /v1/customers',
  accounting: 'POST /api.accounting/v1/Contacts',
};

export interface FaultRates {
  http500: number;
  http429: number;
  slowWrite: number;
  /** Longer than TARGET_HTTP_TIMEOUT (10 s): the write lands but Loudwire's call times out and is retried. */
  slowWriteMs: number;
}

/** How many requests each kind of fault hit, over every target. */
export type InjectedFaults = Record<'http_500' | 'http_429' | 'slow', number>;

/**
 * Arms rate faults on every target, through the sandboxes' control plane: slow creates first (they are rare and
 * must not be shadowed), then 500s and 429s on any route, lookups and token requests included.
 */
export async function armTargetFaults(urls: Record<AuditedSystem, string>, rates: FaultRates): Promise<void> {
  for (const [system, url] of Object.entries(urls) as [AuditedSystem, string][]) {
    const faults = [
      { kind: 'slow', rate: rates.slowWrite, delayMs: rates.slowWriteMs, route: createRoutes[system] },
      { kind: 'http_500', rate: rates.http500 },
      { kind: 'http_429', rate: rates.http429, retryAfterSeconds: 1 },
    ];
    for (const fault of faults) {
      if (fault.rate <= 0) continue;
      const response = await fetch(`${url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      });
      if (response.status !== 201) {
        throw new Error(`${system} refused fault ${fault.kind}: ${response.status} ${await response.text()}`);
      }
    }
  }
}

/** Sums what the armed faults hit so far (each sandbox counts per fault). */
export async function countInjectedFaults(urls: Record<AuditedSystem, string>): Promise<InjectedFaults> {
  const injected: InjectedFaults = { http_500: 0, http_429: 0, slow: 0 };
  for (const url of Object.values(urls)) {
    const response = await fetch(`${url}/__sandbox/faults`);
    const { faults } = (await response.json()) as { faults: { kind: string; fired?: number }[] };
    for (const fault of faults) {
      if (fault.kind in injected) injected[fault.kind as keyof InjectedFaults] += fault.fired ?? 0;
    }
  }
  return injected;
}

/** Clears every fault, so nothing injected outlives the run's load. */
export async function clearTargetFaults(urls: Record<AuditedSystem, string>): Promise<void> {
  await Promise.all(Object.values(urls).map((url) => fetch(`${url}/__sandbox/faults`, { method: 'DELETE' })));
}
