import { z } from 'zod';
import { TracesExporter } from '../observability/traces-exporter';
import { durationMs } from './duration';

/**
 * Metrics and traces (README "Metrics and traces"). The OTEL_* names are OpenTelemetry's standard ones; the
 * OTLP exporter also reads OpenTelemetry's other OTEL_EXPORTER_OTLP_* variables (headers, timeouts) itself.
 */
export const observabilitySettingsSchema = {
  /** The worker's Prometheus `/metrics` port (Loudwire's metrics plus the Temporal SDK's); 0 turns it off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  /** How long one set of visibility counts (`loudwire_records`) serves scrapes of the API's `/metrics`. */
  METRICS_VISIBILITY_CACHE: durationMs.default(15_000),
  /** none | console | otlp; unset: otlp when OTEL_EXPORTER_OTLP_ENDPOINT is set, else none. */
  OTEL_TRACES_EXPORTER: z.enum([TracesExporter.none, TracesExporter.console, TracesExporter.otlp]).optional(),
  /** An OTLP/HTTP collector (`http://collector:4318`); spans go to its `/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** @default loudwire-api / loudwire-worker */
  OTEL_SERVICE_NAME: z.string().optional(),
};
