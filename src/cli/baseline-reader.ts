import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { BaselineState } from '../anomaly/baseline-state';
import type { BaselineSummary } from '../anomaly/baseline-summary';
import { baselineStateQuery, baselineSummaryQuery, baselineWorkflowId } from '../workflows/baseline-messages';

/** The integration's learned baseline on this deployment's task queue; undefined when none exists yet. */
export async function readBaseline(
  client: Client,
  integration: string,
  taskQueue: string,
): Promise<{ workflowId: string; summary: BaselineSummary; state: BaselineState } | undefined> {
  const workflowId = baselineWorkflowId(integration, taskQueue);
  const handle = client.workflow.getHandle(workflowId);
  try {
    const [summary, state] = await Promise.all([
      handle.query(baselineSummaryQuery),
      handle.query(baselineStateQuery),
    ]);
    return { workflowId, summary, state };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
