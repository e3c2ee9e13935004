import { createRequire } from 'node:module';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import { currentTracing } from './tracing';

/**
 * The workflow side of Temporal's OpenTelemetry interceptors, bundled into every Loudwire workflow bundle (the
 * worker's, the tests' and the replayer's, so all three run the same code). They add no commands: spans leave the
 * workflow through the `exporter` sink, context travels in headers, and the SDK records its own flags.
 */
export const tracingWorkflowInterceptorModules: readonly string[] = [
  createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/** Every Temporal client: the current trace goes into the headers of the workflows it starts and signals. */
export function tracingClientInterceptors(): { workflow: WorkflowClientInterceptor[] } {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/**
 * The worker's half: activity spans as children of the workflow's, and the sink that exports workflow spans
 * through this process's span processor (a no-op one when tracing is off).
 */
export function tracingWorkerOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const { spanProcessor, resource } = currentTracing();
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
  };
}
