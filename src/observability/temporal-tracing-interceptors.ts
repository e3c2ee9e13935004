import { fileURLToPath } from 'node:url';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';

/**
 * Loudwire's workflow-side trace propagation (workflow-trace-context.ts), bundled into every workflow bundle — the
 * worker's, the tests', the benchmark's and the replayer's — so all of them run the same code.
 */
export const tracingWorkflowInterceptorModules: readonly string[] = [
  fileURLToPath(new URL('./workflow-trace-context.ts', import.meta.url)),
];

/** Every Temporal client: the current trace goes into the headers of the workflows it starts and signals. */
export function tracingClientInterceptors(): { workflow: WorkflowClientInterceptor[] } {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** The worker's half: each activity runs in a span continuing the trace its workflow handed on. */
export function tracingWorkerOptions(): Pick<WorkerOptions, 'interceptors'> {
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
  };
}
