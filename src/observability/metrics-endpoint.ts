import type { Registry } from 'prom-client';

/** Prometheus' text exposition format, as prom-client writes it. */
export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The `/metrics` body: Loudwire's registry, then any extra expositions (the worker's Temporal SDK metrics, served
 * by the SDK's own exporter and proxied here). Their metric names never overlap (`temporal_` vs `loudwire_`,
 * `process_`, `nodejs_`), so the two texts concatenate into one valid exposition.
 */
export async function metricsExposition(
  registry: Registry,
  extra: readonly (() => Promise<string>)[] = [],
): Promise<string> {
  const parts = await Promise.all([registry.metrics(), ...extra.map((read) => read())]);
  return parts.map((part) => (part.endsWith('\n') ? part : `${part}\n`)).join('');
}
