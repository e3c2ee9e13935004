import { trace, type Tracer } from '@opentelemetry/api';

// Its own file: vendor calls trace through it in every process, and only the API and worker need the SDK that
// tracing.ts installs (the API alone is light; loading the SDK cost the CLI a noticeable share of its start).

/** Loudwire's own spans (the API's webhook spans); Temporal's interceptors make the rest. */
export function loudwireTracer(): Tracer {
  return trace.getTracer('loudwire');
}
