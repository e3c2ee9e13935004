import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import type { SilenceCheckResult } from '../../src/workflows/silence-check-workflow';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// A source that stops sending cannot say so: the silence check compares its traffic with what the integration
// expects. Here client-onboarding's declaration (a deal.won per 4 business hours in Berlin) is shortened to 6 s
// round the clock through EXPECTED_TRAFFIC, as an operator would.

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({
    ALERT_WEBHOOK_URL: sink.url,
    EXPECTED_TRAFFIC: JSON.stringify({
      'client-onboarding': { within: '6s', businessHours: false },
      'support-escalation': 'none',
    }),
  });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

/** One run of the schedule's workflow; returns once visibility lists it completed (the next run reads it). */
async function runCheck(): Promise<SilenceCheckResult> {
  const workflowId = `silence-check-test-${randomUUID()}`;
  const result = (await stack.temporal.workflow.execute('silenceCheckWorkflow', {
    workflowId,
    taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
    args: [],
  })) as SilenceCheckResult;
  await waitFor('the check to be visible as completed', async () =>
    (await stack.temporal.workflow.count(`WorkflowId = "${workflowId}" AND ExecutionStatus = "Completed"`))
      .count === 1
      ? true
      : undefined,
  );
  return result;
}

async function winDeal(): Promise<string> {
  const envelope = dealWonEnvelope();
  const answer = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
  expect(answer.status).toBe(202);
  await waitFor('the record to be visible', async () =>
    (
      await stack.temporal.workflow.count(
        `TaskQueue = "${stack.env.TEMPORAL_TASK_QUEUE}" AND LoudwireRecordKey = "${envelope.data.deal.id}"`,
      )
    ).count === 1
      ? true
      : undefined,
  );
  return envelope.data.deal.id;
}

const alertsOf = (alertClass: string) => sink.alerts.filter((alert) => alert.alertClass === alertClass);

describe('silence detection', () => {
  it('alerts once when a source goes quiet, naming the last record it started, and once when it is back', async () => {
    const firstDeal = await winDeal();
    const fresh = await runCheck();
    const onboarding = fresh.sources.find((source) => source.integration === 'client-onboarding');
    expect(onboarding).toMatchObject({ status: 'ok', mode: 'declared', seenInWindow: 1 });
    expect(onboarding!.expectation).toBe('at least 1 deal.won per 6 seconds');
    expect(fresh.sources.map((source) => source.integration)).toEqual(['client-onboarding']); // `none`: not checked
    expect(fresh.quiet).toEqual([]);

    // Nothing arrives for longer than the window.
    const quiet = await waitFor(
      'the source to be reported quiet',
      async () => {
        const result = await runCheck();
        return result.quiet.includes('client-onboarding') ? result : undefined;
      },
      60_000,
    );
    expect(quiet.sources[0]!.lastSeen?.recordKey).toBe(firstDeal);
    expect(alertsOf(AlertClass.sourceQuiet)).toHaveLength(1);
    const [quietAlert] = alertsOf(AlertClass.sourceQuiet);
    expect(quietAlert!.message).toContain('Source "crm" has gone quiet for client-onboarding');
    expect(quietAlert!.message).toContain(`the last record it started was ${firstDeal}`);

    // Still quiet: no second alert.
    expect((await runCheck()).quiet).toEqual(['client-onboarding']);
    expect(alertsOf(AlertClass.sourceQuiet)).toHaveLength(1);

    const secondDeal = await winDeal();
    expect((await runCheck()).quiet).toEqual([]);
    expect(alertsOf(AlertClass.sourceBack)).toHaveLength(1);
    expect(alertsOf(AlertClass.sourceBack)[0]!.message).toContain(
      `the last record it started was ${secondDeal}`,
    );

    // Back and sending: nothing more.
    await runCheck();
    expect(alertsOf(AlertClass.sourceQuiet)).toHaveLength(1);
    expect(alertsOf(AlertClass.sourceBack)).toHaveLength(1);
  }, 180_000);
});
