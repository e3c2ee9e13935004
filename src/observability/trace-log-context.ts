import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * The active span's trace and span IDs, added to every log line written inside it (pino `mixin`), under the
 * names Temporal's workflow log attributes use (`trace_id`, `span_id`): one search finds an event's API line,
 * its workflow lines and its activities' vendor exchanges.
 */
export function traceLogContext(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
