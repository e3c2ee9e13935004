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
  // Every workflow module is evaluated once per worker thread and shared, instead of once per workflow: a record's
  // first task no longer re-runs ~60 modules, and each cached workflow stops holding its own copy of them. This is
  // safe only while no module under src/workflows keeps state at module scope (state lives in each run's objects):
  // test/unit/workflow-module-state.test.ts holds that line.
  preloadModules: [workflowsPath, ...tracingWorkflowInterceptorModules],
};
