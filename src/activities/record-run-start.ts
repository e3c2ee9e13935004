import type { PreviousRecordRun } from './previous-record-run';
import type { SyncSettings } from './sync-settings';

/** What a record's run needs before its first event: its settings and, when asked, its previous run. */
export interface RecordRunStart {
  settings: SyncSettings;
  /** The record's previous completed run; absent when there was none or it was not asked for. */
  previous?: PreviousRecordRun;
}

export interface RecordRunStartInput {
  integration: string;
  workflowId: string;
  runId: string;
  /**
   * Read the previous completed run when the integration declares a lifecycle: the workflow asks on the first
   * run of a record (not after continue-as-new, which carries its state) when `record-remembers-previous-run`
   * applies.
   */
  readPreviousRun: boolean;
}

interface RunStartSteps {
  readSyncSettings(input: { integration: string }): Promise<SyncSettings>;
  readPreviousRecordRun(input: { workflowId: string; runId: string }): Promise<PreviousRecordRun | undefined>;
}

/**
 * Local activity of runs under the `lean-record-run` patch: reads the settings and the previous run in one step,
 * so a record's start costs one marker event instead of a local activity, then a regular activity with its three
 * events, its task-queue round trip and a second workflow task. Both reads are idempotent; the local activity's
 * retry policy (record-sync-workflow.ts) keeps the previous-run read's.
 */
export function createRecordRunStart(steps: RunStartSteps) {
  return async function startRecordRun(input: RecordRunStartInput): Promise<RecordRunStart> {
    const settings = await steps.readSyncSettings({ integration: input.integration });
    if (!input.readPreviousRun || !settings.lifecycle) return { settings };
    const previous = await steps.readPreviousRecordRun({ workflowId: input.workflowId, runId: input.runId });
    return previous ? { settings, previous } : { settings };
  };
}
