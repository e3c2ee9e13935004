import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createRequire } from 'node:module';
import type { OTLPTraceExporter as OtlpTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { loudwireTracer } from './loudwire-tracer';
import { TracesExporter } from './traces-exporter';

export { loudwireTracer, TracesExporter };

export interface TracingSettings {
  OTEL_TRACES_EXPORTER?: TracesExporter;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_SERVICE_NAME?: string;
}

export interface InstalledTracing {
  /** Every span of this process ends here; the worker hands it to the workflow span exporter sink too. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Exports what is buffered and stops (on shutdown). */
  shutdown(): Promise<void>;
}

let installed: InstalledTracing | undefined;

/**
 * Installs this process's OpenTelemetry tracer provider (once): AsyncLocalStorage context, W3C trace context,
 * and the exporter the settings choose. With no exporter (the default unless OTEL_EXPORTER_OTLP_ENDPOINT is set)
 * spans are still created, so trace IDs reach the logs and Temporal headers, but nothing is sent anywhere.
 * Tests pass their own `spanProcessor` (an in-memory exporter) instead of settings.
 */
export function installTracing(
  settings: TracingSettings,
  defaultServiceName: string,
  spanProcessor: SpanProcessor = spanProcessorFor(settings),
): InstalledTracing {
  if (installed) return installed;
  const resource = new Resource({ 'service.name': settings.OTEL_SERVICE_NAME ?? defaultServiceName });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager().enable(),
    propagator: new W3CTraceContextPropagator(),
  });
  installed = { spanProcessor, resource, shutdown: () => provider.shutdown() };
  return installed;
}

/** The installed tracing, or a no-op one (a worker built without installTracing, e.g. the benchmark's). */
export function currentTracing(): InstalledTracing {
  return (
    installed ?? {
      spanProcessor: new NoopSpanProcessor(),
      resource: Resource.empty(),
      shutdown: async () => undefined,
    }
  );
}

function spanProcessorFor(settings: TracingSettings): SpanProcessor {
  const exporter =
    settings.OTEL_TRACES_EXPORTER ??
    (settings.OTEL_EXPORTER_OTLP_ENDPOINT ? TracesExporter.otlp : TracesExporter.none);
  switch (exporter) {
    case TracesExporter.console:
      return new SimpleSpanProcessor(new ConsoleSpanExporter());
    case TracesExporter.otlp:
      // Reads OTEL_EXPORTER_OTLP_ENDPOINT (adding /v1/traces) and OTEL_EXPORTER_OTLP_HEADERS itself.
      return new BatchSpanProcessor(new (loadOtlpTraceExporter())());
    default:
      return new NoopSpanProcessor();
  }
}

/**
 * The OTLP exporter (and the protobuf encoders it pulls in) loaded only when spans are exported: it is a tenth of
 * a worker's start-up CPU, spent for nothing when tracing exports nowhere (the default).
 */
function loadOtlpTraceExporter(): typeof OtlpTraceExporter {
  const required = createRequire(import.meta.url)('@opentelemetry/exporter-trace-otlp-http') as {
    OTLPTraceExporter: typeof OtlpTraceExporter;
  };
  return required.OTLPTraceExporter;
}
