import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { duplicateEvents, eventsAccepted, eventsRefused } from '../../observability/loudwire-metrics';
import { loudwireTracer } from '../../observability/tracing';
import { problemCodeOf } from '../problem-response';

/** The `integration` label of accepted events that no integration handles (kept in an unhandled-event workflow). */
export const unhandledIntegrationLabel = 'unhandled';

/**
 * Counts every refused webhook request by the problem code it was answered with (`loudwire_events_refused_total`),
 * whichever check refused it — routing, media type, body limit, signature, envelope or Temporal. Source names are
 * left out on purpose: a refused request's path is whatever the caller sent.
 */
export function countWebhookRefusals(_request: Request, response: Response, next: NextFunction): void {
  response.once('finish', () => {
    if (response.statusCode < 400) return;
    eventsRefused.inc({ reason: problemCodeOf(response) ?? `http_${response.statusCode}` });
  });
  next();
}

/** One accepted event handed to one integration's record (or kept as unhandled), and whether it was a redelivery. */
export function countAcceptedEvent(source: string, integration: string, duplicate: boolean): void {
  eventsAccepted.inc({ integration, source });
  if (duplicate) duplicateEvents.inc({ integration, source });
}

/**
 * The root span of one event's trace, around the route's last step (its body is read): verification, the
 * hand-over to Temporal — whose client interceptor adds the signal span and carries the context into the
 * workflow — and the answer's status. The span ends when the answer is sent (or the connection drops).
 */
export function traceWebhookRequest(request: Request, response: Response, next: NextFunction): void {
  const { source } = request.params as { source: string };
  const span = loudwireTracer().startSpan('webhook.receive', {
    kind: SpanKind.SERVER,
    attributes: { 'http.route': '/webhooks/:source', 'loudwire.source': source },
  });
  const end = () => {
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  response.once('finish', end);
  response.once('close', () => {
    if (!response.writableFinished) end();
  });
  context.with(trace.setSpan(context.active(), span), next);
}

/** A child span around one synchronous step of the webhook path (signature verification). */
export function traceStep<T>(name: string, step: () => T): T {
  return loudwireTracer().startActiveSpan(name, (span) => {
    try {
      return step();
    } finally {
      span.end();
    }
  });
}
