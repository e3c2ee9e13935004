import type { Client } from '@temporalio/client';
import type { LoudwireEnvironment } from '../config/environment';
import { connectTemporalClient } from '../temporal/connect-temporal-client';
import type { CredentialHealth } from './check-credentials';

/**
 * The result of the most recent completed credential health run on this task queue, read from Temporal
 * itself. Schedules do not hand a run its predecessor's result, and the check alerts only on a change of state,
 * so it asks visibility. The client connects on first use and is shared by later runs.
 */
export function createPreviousCredentialHealthReader(env: LoudwireEnvironment) {
  let client: Promise<Client> | undefined;
  const connect = async () => (await connectTemporalClient(env)).client;

  return async function readPreviousCredentialHealth(): Promise<CredentialHealth[] | undefined> {
    client ??= connect();
    const temporal = await client;
    const query =
      `WorkflowType = "credentialHealthWorkflow" AND ExecutionStatus = "Completed" ` +
      `AND TaskQueue = "${env.TEMPORAL_TASK_QUEUE}"`;
    let latest: { workflowId: string; runId: string; closedAt: number } | undefined;
    for await (const execution of temporal.workflow.list({ query, pageSize: 20 })) {
      const closedAt = execution.closeTime?.getTime() ?? 0;
      if (!latest || closedAt > latest.closedAt) {
        latest = { workflowId: execution.workflowId, runId: execution.runId, closedAt };
      }
    }
    if (!latest) return undefined;
    return (await temporal.workflow
      .getHandle(latest.workflowId, latest.runId)
      .result()) as CredentialHealth[];
  };
}
