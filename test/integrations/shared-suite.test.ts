import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentDefaults } from '../../src/config/development-defaults';
import { EncryptionCodec } from '../../src/encryption/encryption-codec';
import { findIntegration } from '../../src/integrations/registry';
import { renderIntegrationDocs } from '../../src/integrations/render-integration-docs';
import {
  RedriveAction,
  recordSyncStateQuery,
  redriveUpdate,
  SyncStatus,
  type RecordSyncState,
} from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { clearFaults, injectFault } from '../support/sandbox-control';
import { waitFor } from '../support/wait-for';
import { billableHoursCase } from './cases/billable-hours';
import { clientOnboardingCase } from './cases/client-onboarding';
import { supportEscalationCase } from './cases/support-escalation';
import type { FaultCase, IntegrationCase, TriggeredRun } from './integration-case';

// One suite, every integration: mapping docs up to date, dry-run on a fixture corpus, end to end from the
// source's own side, every sandbox fault → exactly one alert of the right class and a redrive (or, for a batch,
// a rerun) that completes, and no secret in any log line. Adding an integration adds a case here.
const cases: IntegrationCase[] = [clientOnboardingCase, supportEscalationCase, billableHoursCase];

const repoRoot = join(import.meta.dirname, '..', '..');
let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(
    {
      ALERT_WEBHOOK_URL: sink.url,
      TARGET_HTTP_TIMEOUT: '1s',
      CRM_RETRY_MAX_ATTEMPTS: '3',
      PROJECT_TOOL_RETRY_MAX_ATTEMPTS: '3',
      BILLING_RETRY_MAX_ATTEMPTS: '3',
    },
    { captureLogs: true },
  );
  await stack.startWorker();
  for (const integrationCase of cases) await integrationCase.prepare?.(stack);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

async function stateOf(workflowId: string): Promise<RecordSyncState> {
  return stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
}

async function waitForStatus(workflowId: string, status: SyncStatus): Promise<RecordSyncState> {
  return waitFor(
    `${workflowId} to be ${status}`,
    async () => {
      const state = await stateOf(workflowId).catch(() => undefined);
      return state?.status === status ? state : undefined;
    },
    30_000,
  );
}

/** A batch run's outcome: completed, or failed with the alert class as its failure type. */
async function batchOutcome(run: TriggeredRun): Promise<'completed' | 'failed'> {
  const handle = stack.temporal.workflow.getHandle(run.workflowId);
  return handle.result().then(
    () => 'completed' as const,
    () => 'failed' as const,
  );
}

/** Exactly one alert for the workflow, of the class, naming the integration, carrying no secret. */
async function expectOneAlert(integration: string, workflowId: string, alertClass: string) {
  const alert = await waitFor(
    `an alert for ${workflowId}`,
    async () => sink.alertsFor(workflowId)[0],
    30_000,
  );
  // A second alert, if any were to come, would come right behind the first.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sink.alertsFor(workflowId)).toHaveLength(1);
  expect(alert.body.loudwire).toMatchObject({ alertClass, integration, workflowId });
  for (const secret of secrets()) expect(alert.rawText).not.toContain(secret);
  return alert;
}

async function redrive(workflowId: string, action: RedriveAction, payload?: unknown) {
  const state = await stateOf(workflowId);
  await stack.temporal.workflow.getHandle(workflowId).executeUpdate(redriveUpdate, {
    args: [{ action, operator: 'suite-operator', incidentId: state.parked!.incidentId, payload }],
    updateId: `redrive:${state.parked!.incidentId}`,
  });
}

/** Every development secret of every system: none may reach a log line or an alert. */
function secrets(): string[] {
  return Object.entries(developmentDefaults)
    .filter(([name]) => /SECRET|API_KEY|CLIENT_ID/.test(name))
    .map(([, value]) => value);
}

async function runFault(integrationCase: IntegrationCase, fault: FaultCase) {
  const sandboxUrl = stack.sandboxes[fault.sandbox].url;
  const hasFault = Object.keys(fault.fault).length > 0;
  if (hasFault) await injectFault(sandboxUrl, fault.fault);
  let run: TriggeredRun;
  let workflowId: string;
  try {
    run = await (fault.trigger ?? integrationCase.trigger)(stack);
    workflowId = (await fault.parkedWorkflow?.(stack, run)) ?? run.workflowId;
    if (integrationCase.kind === 'webhook') await waitForStatus(workflowId, SyncStatus.parked);
    else expect(await batchOutcome(run)).toBe('failed');
    await expectOneAlert(integrationCase.name, workflowId, fault.alertClass);
  } finally {
    if (hasFault) await clearFaults(sandboxUrl);
  }
  await fault.fixCause?.(stack, run);

  if (integrationCase.kind === 'schedule') {
    const rerun = await integrationCase.rerun!(stack, run);
    expect(await batchOutcome(rerun)).toBe('completed');
    await integrationCase.expectLanded(stack, rerun);
    expect(sink.alertsFor(rerun.workflowId)).toHaveLength(0);
    return;
  }
  if (fault.redrive === 'skip') {
    await redrive(workflowId, RedriveAction.skip);
    await waitForStatus(workflowId, SyncStatus.skipped);
  } else if (typeof fault.redrive === 'object') {
    const parked = sink.alertsFor(workflowId)[0]!.body.loudwire;
    const delivered = (await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery))
      .parked!;
    expect(delivered.alertClass).toBe(fault.alertClass);
    const original = await originalPayload(workflowId);
    await redrive(workflowId, RedriveAction.retryWithPayload, fault.redrive.correct(original));
    expect(parked.payload).toBeDefined();
    await waitForStatus(workflowId, SyncStatus.synced);
    await integrationCase.expectLanded(stack, run);
  } else {
    await redrive(workflowId, RedriveAction.retry);
    await waitForStatus(workflowId, SyncStatus.synced);
    await integrationCase.expectLanded(stack, run);
  }
  expect(sink.alertsFor(workflowId)).toHaveLength(1);
}

/** The payload the workflow holds for its parked event (unredacted, unlike the alert's copy). */
async function originalPayload(workflowId: string): Promise<Record<string, unknown>> {
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  for (const event of history.events ?? []) {
    const signal =
      event.workflowExecutionSignaledEventAttributes ?? event.workflowExecutionStartedEventAttributes;
    const stored = (signal as { input?: { payloads?: Payload[] } } | undefined)?.input?.payloads ?? [];
    // Payloads are encrypted at rest: decode them as the worker does.
    const payloads = await new EncryptionCodec(stack.env.PAYLOAD_ENCRYPTION_KEYS).decode(stored);
    for (const payload of payloads) {
      const value = defaultPayloadConverter.fromPayload<{ payload?: unknown }>(payload);
      if (value && typeof value === 'object' && 'payload' in value)
        return value.payload as Record<string, unknown>;
    }
  }
  throw new Error(`no source payload in the history of ${workflowId}`);
}

describe.each(cases)('integration $name', (integrationCase) => {
  it('has its mapping docs up to date (npm run docs:mappings)', () => {
    const integration = findIntegration(integrationCase.name)!;
    const committed = readFileSync(join(repoRoot, 'docs', 'mappings', `${integrationCase.name}.md`), 'utf8');
    expect(committed).toBe(renderIntegrationDocs(integration));
  });

  it('dry-runs its fixture corpus with the expected verdicts', async () => {
    const run = await runLoudwireCli([
      'dry-run',
      '--integration',
      integrationCase.name,
      '--format',
      'json',
      integrationCase.corpus.file,
    ]);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toEqual({ summary: integrationCase.corpus.expected });
    expect(run.code).toBe(
      integrationCase.corpus.expected.rejected + integrationCase.corpus.expected.unreadable > 0 ? 1 : 0,
    );
    const integration = findIntegration(integrationCase.name)!;
    for (const record of lines.slice(0, -1).filter((line) => String(line.status).startsWith('ok'))) {
      expect(Object.keys(record.targets as object).sort()).toEqual([...integration.targets].sort());
    }
  });

  it('runs end to end from its source and lands exactly once', async () => {
    const run = await integrationCase.trigger(stack);
    if (integrationCase.kind === 'webhook') await waitForStatus(run.workflowId, SyncStatus.synced);
    else expect(await batchOutcome(run)).toBe('completed');
    await integrationCase.expectLanded(stack, run);
    expect(sink.alertsFor(run.workflowId)).toHaveLength(0);
  });

  it.each(integrationCase.faults)(
    '$title → one $alertClass alert, then a redrive completes',
    async (fault) => {
      await runFault(integrationCase, fault);
    },
  );
});

describe('logs of every integration', () => {
  it('hold no secret of any system in any line', () => {
    expect(stack.logLines.length).toBeGreaterThan(100);
    const leaked = stack.logLines.filter((line) => secrets().some((secret) => line.includes(secret)));
    expect(leaked).toEqual([]);
    expect(stack.logLines.filter((line) => /Bearer [A-Za-z0-9]|Token [A-Za-z0-9]{8}/.test(line))).toEqual([]);
    // Personal data too: the requester's address of every escalated ticket travels in payloads and bodies.
    expect(stack.logLines.filter((line) => line.includes('jane.doe@acme-robotics.example'))).toEqual([]);
  });
});
