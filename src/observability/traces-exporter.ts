// Its own file so that reading the settings (every process, the CLI too) does not load the OpenTelemetry SDK.

/** Where spans go (OTEL_TRACES_EXPORTER): nowhere, to stdout, or to an OTLP/HTTP collector. */
export const TracesExporter = { none: 'none', console: 'console', otlp: 'otlp' } as const;
export type TracesExporter = (typeof TracesExporter)[keyof typeof TracesExporter];
