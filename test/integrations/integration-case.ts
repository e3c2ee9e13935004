import type { LoudwireTestStack } from '../support/loudwire-test-stack';

/** Which sandbox a fault is injected into. */
export type SandboxName = 'crm' | 'projectTool' | 'billing' | 'helpdesk' | 'accounting';

/** One sandbox fault and what it must lead to. */
export interface FaultCase {
  /** Test title, e.g. `project-tool POST /v2/tasks http_500`. */
  title: string;
  sandbox: SandboxName;
  fault: Record<string, unknown>;
  /** The class of the one alert it must raise. */
  alertClass: string;
  /**
   * How the operator completes the record after the fault is cleared: `retry` (the default), `skip`, or a
   * corrected payload built from the one the alert carried.
   */
  redrive?: 'retry' | 'skip' | { correct(payload: Record<string, unknown>): unknown };
  /** Done once the fault is cleared and before the redrive (e.g. create the missing reference). */
  fixCause?(stack: LoudwireTestStack, run: TriggeredRun): Promise<void>;
  /** The workflow the fault parks when it is not the run's own (an empty payload has no record key). */
  parkedWorkflow?(stack: LoudwireTestStack, run: TriggeredRun): Promise<string>;
  /** Start the run some other way than the case's `trigger` (e.g. a ticket whose company has no deal). */
  trigger?(stack: LoudwireTestStack): Promise<TriggeredRun>;
}

/** What a trigger started: the workflow to watch and the source record it is about. */
export interface TriggeredRun {
  workflowId: string;
  recordKey: string;
  /** For batch runs: the workflow handle's first run, so a rerun can be told apart. */
  details?: Record<string, unknown>;
}

/**
 * One integration as the shared suite drives it: every integration passes the same checks (mapping docs up to
 * date, dry-run on a fixture corpus, end to end from its source, every sandbox fault → one alert and a redrive
 * that completes, no secret in any log line).
 */
export interface IntegrationCase {
  name: string;
  kind: 'webhook' | 'schedule';
  /** Fixture corpus for `loudwire dry-run` and the totals it must report. */
  corpus: {
    file: string;
    expected: Record<'records' | 'ok' | 'ok_with_warnings' | 'rejected' | 'unreadable' | 'ignored', number>;
  };
  /** Once per suite, before any run: what the source needs (e.g. a client with a project). */
  prepare?(stack: LoudwireTestStack): Promise<void>;
  /** Starts one run from the source's own side: a CRM deal won, a helpdesk ticket escalated, a sync window. */
  trigger(stack: LoudwireTestStack): Promise<TriggeredRun>;
  /** Checks the targets hold exactly what one run should have written. */
  expectLanded(stack: LoudwireTestStack, run: TriggeredRun): Promise<void>;
  /** Schedule-driven: runs the same window again (the operator's redrive of a failed batch). */
  rerun?(stack: LoudwireTestStack, run: TriggeredRun): Promise<TriggeredRun>;
  faults: FaultCase[];
}
