import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { boundText } from '../bounds/bounds';

/** A running workflow whose workflow task keeps failing or timing out, as Temporal reports it. */
export interface StuckWorkflow {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** `TemporalReportedProblems` values, e.g. `category=WorkflowTaskFailed`, `cause=WorkflowTaskFailedCauseNonDeterministicError`. */
  problems: string[];
  /** The last workflow task failure's message, bounded; empty when the task timed out instead. */
  error: string;
  /** Identifies this problem of this run: a new alert only when it changes. */
  key: string;
}

export interface StuckWorkflowReport {
  stuck: StuckWorkflow[];
  /** How many more were found than listed (bounded). */
  omitted: number;
  /** Keys the previous completed check already alerted on. */
  previouslyAlerted: string[];
}

const maxListed = 50;

/**
 * Asks visibility for workflows Temporal flags with `TemporalReportedProblems` (consecutive workflow task
 * failures or timeouts: nondeterminism after a deploy, a bug, a payload that cannot be decoded), from outside
 * the failing workflows, and reads what the previous check already alerted on.
 */
export async function findStuckWorkflows(): Promise<StuckWorkflowReport> {
  const { client, info } = Context.current();
  const stuck: StuckWorkflow[] = [];
  let found = 0;
  const query = `TemporalReportedProblems IS NOT NULL AND ExecutionStatus = "Running"`;
  for await (const execution of client.workflow.list({ query, pageSize: 100 })) {
    const problems = reportedProblems(execution.searchAttributes?.TemporalReportedProblems);
    // A signal that raced a completion fails one task harmlessly (UnhandledCommand); the retry succeeds.
    if (problems.some((problem) => problem.endsWith('UnhandledCommand'))) continue;
    if (!(await stillRetrying(client, execution.workflowId, execution.runId))) continue;
    found += 1;
    if (stuck.length >= maxListed) continue;
    const error = await lastWorkflowTaskError(client, execution.workflowId, execution.runId);
    stuck.push({
      workflowId: execution.workflowId,
      runId: execution.runId,
      workflowType: execution.type,
      problems,
      error,
      key: `${execution.workflowId}/${execution.runId}/${problems.join(',')}`,
    });
  }
  return {
    stuck,
    omitted: found - stuck.length,
    previouslyAlerted: await previousCheckResult(client, info.taskQueue),
  };
}

/** True while the workflow's current task is a retry (attempt 2 or more) of one that failed or timed out. */
async function stillRetrying(client: Client, workflowId: string, runId: string): Promise<boolean> {
  const description = await client.workflow.getHandle(workflowId, runId).describe();
  return (description.raw.pendingWorkflowTask?.attempt ?? 0) >= 2;
}

function reportedProblems(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).sort();
  return value === undefined || value === null ? [] : [String(value)];
}

async function lastWorkflowTaskError(client: Client, workflowId: string, runId: string): Promise<string> {
  const page = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 50,
  });
  for (const event of page.history?.events ?? []) {
    const failure = event.workflowTaskFailedEventAttributes?.failure;
    if (failure) return boundText(failure.message ?? '', 500);
  }
  return '';
}

async function previousCheckResult(client: Client, taskQueue: string): Promise<string[]> {
  const query =
    `WorkflowType = "stuckWorkflowCheckWorkflow" AND ExecutionStatus = "Completed" ` +
    `AND TaskQueue = "${taskQueue}"`;
  let latest: { workflowId: string; runId: string; closedAt: number } | undefined;
  for await (const execution of client.workflow.list({ query, pageSize: 20 })) {
    const closedAt = execution.closeTime?.getTime() ?? 0;
    if (!latest || closedAt > latest.closedAt) {
      latest = { workflowId: execution.workflowId, runId: execution.runId, closedAt };
    }
  }
  if (!latest) return [];
  const result = (await client.workflow.getHandle(latest.workflowId, latest.runId).result()) as {
    alerted?: string[];
  };
  return result.alerted ?? [];
}
