import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Loudwire's own Prometheus metrics, one registry per process (the API and the worker each serve theirs on
 * `/metrics`). Names and labels follow Prometheus conventions: `loudwire_` prefix, base units (seconds),
 * `_total` on counters, labels of bounded cardinality only (integration, source system, target, problem code,
 * outcome — never a record key or event ID).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const eventsAccepted = new Counter({
  name: 'loudwire_events_accepted_total',
  help: 'Webhook events accepted (202, durably held by Temporal), per integration they were handed to and source system. Events no integration handles count under integration="unhandled".',
  labelNames: ['integration', 'source'] as const,
  registers: [metricsRegistry],
});

export const eventsRefused = new Counter({
  name: 'loudwire_events_refused_total',
  help: 'Webhook requests refused, by the problem code of the answer (invalid_signature, malformed_json, temporal_unavailable, …).',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const duplicateEvents = new Counter({
  name: 'loudwire_duplicate_events_total',
  help: 'Accepted webhook events the API recognised as redeliveries of an event it had just accepted (answered duplicate: true).',
  labelNames: ['integration', 'source'] as const,
  registers: [metricsRegistry],
});

/** Seconds buckets from 5 ms to 1 min: a vendor write is tens of milliseconds, a slow one tens of seconds. */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const targetWriteSeconds = new Histogram({
  name: 'loudwire_target_write_seconds',
  help: 'Duration of one write activity attempt to a target resource (look-up, write, read-back), by outcome: created, existing, repaired, updated, unchanged, or the failure class.',
  labelNames: ['system', 'resource', 'outcome'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

export const alertDeliverySeconds = new Histogram({
  name: 'loudwire_alert_delivery_seconds',
  help: 'Duration of one alert delivery attempt on every channel, by outcome (delivered, failed).',
  labelNames: ['outcome'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

/**
 * Seconds buckets from 1 ms: Temporal takes a webhook's event in milliseconds when idle, and an accepted webhook is
 * meant to be answered within tens of them, so the low end needs the resolution.
 */
const webhookTemporalBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const webhookTemporalSeconds = new Histogram({
  name: 'loudwire_webhook_temporal_seconds',
  help: "How long Temporal took to hold one webhook event (the signalWithStart on the webhook path, the API's deadline included), by outcome: held, or failed (unreachable, deadline passed). The rest of a webhook's answer time is the API's own work and the network.",
  labelNames: ['outcome'] as const,
  buckets: webhookTemporalBuckets,
  registers: [metricsRegistry],
});

/** Runs `work` and observes its duration in `histogram` with the labels `outcomeOf` derives from its result. */
export async function timed<T, L extends string>(
  histogram: Histogram<L>,
  labels: Partial<Record<L, string>>,
  outcomeOf: (result: { value: T } | { error: unknown }) => string,
  work: () => Promise<T>,
): Promise<T> {
  const stop = histogram.startTimer(labels);
  try {
    const value = await work();
    stop({ outcome: outcomeOf({ value }) } as Partial<Record<L, string>>);
    return value;
  } catch (error) {
    stop({ outcome: outcomeOf({ error }) } as Partial<Record<L, string>>);
    throw error;
  }
}
