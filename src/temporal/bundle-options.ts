import { workflowBundleConverters } from '../encryption/loudwire-data-converter';
import { tracingWorkflowInterceptorModules } from '../observability/temporal-tracing-interceptors';
import { workflowsPath } from './workflows-path';

/**
 * What every Loudwire workflow bundle is built from — the worker's, the test setup's, the benchmark's and the
 * replayer's — so a history replays against exactly the code a worker runs.
 */
export const loudwireWorkflowBundleOptions = {
  workflowsPath,
  ...workflowBundleConverters,
  workflowInterceptorModules: [...tracingWorkflowInterceptorModules],
};
