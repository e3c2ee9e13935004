import type { Client } from '@temporalio/client';

/**
 * Open incidents of this deployment's task queue: an incident workflow runs while its incident is open and
 * completes when it resolves (incident-workflow.ts), so one visibility count answers, however many there are.
 */
export async function countOpenIncidents(client: Client, taskQueue: string): Promise<number> {
  const query = `WorkflowType = "incidentWorkflow" AND ExecutionStatus = "Running" AND TaskQueue = "${taskQueue.replace(/["\\]/g, '')}"`;
  return (await client.workflow.count(query)).count;
}
