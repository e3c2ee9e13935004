import type { Client } from '@temporalio/client';
import type { LoudwireEnvironment } from '../config/environment';
import { connectTemporalClient } from '../temporal/connect-temporal-client';
import type { RecordMemory } from '../workflows/record-sync-messages';

/** What the previous completed run of a record left, and which run that was. */
export interface PreviousRecordRun extends RecordMemory {
  runId: string;
  /** False for a run recorded before runs handed on their memory: only its target IDs are known. */
  complete: boolean;
}

interface ClosedRunResult {
  writes?: RecordMemory['writes'];
  memory?: RecordMemory;
}

/**
 * Reads the most recent completed run of a record workflow from Temporal itself (visibility, then that run's
 * result), for as long as the namespace retains closed runs. A resend after the dedup window then starts a run
 * that knows the record's event IDs, version and target records. The client connects on first use.
 */
export function createPreviousRecordRunReader(env: LoudwireEnvironment) {
  let client: Promise<Client> | undefined;
  // The same connection settings and data converter as every Loudwire client: the run's result is encrypted.
  const connect = async () => (await connectTemporalClient(env)).client;

  return async function readPreviousRecordRun(
    workflowId: string,
    currentRunId: string,
  ): Promise<PreviousRecordRun | undefined> {
    client ??= connect();
    const temporal = await client;
    const query = `WorkflowId = "${workflowId.replace(/["\\]/g, '')}" AND ExecutionStatus = "Completed"`;
    let latest: { runId: string; closedAt: number } | undefined;
    for await (const execution of temporal.workflow.list({ query, pageSize: 20 })) {
      if (execution.runId === currentRunId) continue;
      const closedAt = execution.closeTime?.getTime() ?? 0;
      if (!latest || closedAt > latest.closedAt) latest = { runId: execution.runId, closedAt };
    }
    if (!latest) return undefined;
    const result = (await temporal.workflow
      .getHandle(workflowId, latest.runId, { followRuns: false })
      .result()) as ClosedRunResult | undefined;
    if (result?.memory) return { ...result.memory, runId: latest.runId, complete: true };
    const writes = result?.writes ?? {};
    return {
      runId: latest.runId,
      complete: false,
      seenEventIds: [],
      lastSequence: -1,
      writes,
      onboarded: Object.keys(writes).length > 0,
    };
  };
}
