/**
 * Dynamic configuration Loudwire asks of a Temporal server it starts (the dev server of `npm start` and of the
 * tests). Self-hosted servers need the same values in their dynamic config file (docs in README, "Operating it").
 */
export const loudwireDynamicConfig: Record<string, string> = {
  // Flag a workflow with TemporalReportedProblems at its first workflow task failure: the TypeScript SDK reports
  // only the first failure of a task and then holds the retry, so a higher count is never reached. The
  // stuck-workflow check confirms the task is still retrying before it alerts.
  'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute': '1',
  // One partition per task queue: Temporal divides a task queue's rate limit (flow control per destination,
  // src/flow-control/) evenly among its read partitions, and a partition no poller is waiting on at that moment
  // leaves its share unused, so a destination drained below its limit (8.6–9.4/s of 10 with the default 4).
  'matching.numTaskqueueReadPartitions': '1',
  'matching.numTaskqueueWritePartitions': '1',
};

/** `--dynamic-config-value KEY=VALUE` arguments for `temporal server start-dev`. */
export function dynamicConfigCliArgs(): string[] {
  return Object.entries(loudwireDynamicConfig).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${value}`,
  ]);
}
