import { randomUUID } from 'node:crypto';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import { clientOnboarding } from '../../src/integrations/client-onboarding';
import { BaselineColdStart, baselineColdStartMemoKey } from '../../src/workflows/baseline-cold-start';
import {
  baselineStateQuery,
  baselineSummaryQuery,
  baselineWorkflowId,
  type IntegrationBaselineInput,
} from '../../src/workflows/baseline-messages';
import { approvalRequestQuery } from '../../src/workflows/approval-messages';
import { incidentStateQuery } from '../../src/workflows/incident-messages';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import {
  alertsFor,
  callApprovals,
  decisionPath,
  startAlertSink,
  targetRecords,
  tokens,
  type AlertSink,
} from '../approvals/approval-test-kit';
import {
  startLoudwireTestStack,
  type LoudwireTestStack,
  type RunningTestWorker,
} from '../support/loudwire-test-stack';
import { postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';
import { crmAmount, dealGenerator, type GeneratedDeal } from './deal-generator';

// The quiet path of issue 18, closed: a baseline past its cold start that does not answer, and a worker with no
// copy of it (just restarted). For real on the dev server: the baseline learns 12 deals (cold start 10) and says
// so in its memo, then it is moved to a task queue no worker polls (terminated, and started again with the state it
// had learned), and the worker restarts. A 20× deal and a normal one are then held as "not scored" after
// ANOMALY_BASELINE_WAIT (20 s here: longer than a workflow task's heartbeat, which a wait built on a local activity's own retries never outlasted), share one AnomalyCheckUnavailable incident and alert, and each is written once
// when approved.

let stack: LoudwireTestStack;
let sink: AlertSink;
let worker: RunningTestWorker;
const run = randomUUID().slice(0, 6);
const next = dealGenerator(12, `deal_unscored${run}_`, [], ['US']);
const reason = 'Not scored: the baseline of client-onboarding did not answer for 20 s';

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(
    {
      ALERT_WEBHOOK_URL: sink.url,
      APPROVAL_AMOUNT_THRESHOLD_MINOR: '100000000000',
      APPROVAL_TIMEOUT: '1h',
      ANOMALY_CHECKS: 'on',
      ANOMALY_COLD_START_RECORDS: '10',
      ANOMALY_BASELINE_WAIT: '20s',
    },
    { captureLogs: true },
  );
  worker = await stack.startWorker();
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

/** Sends a won deal as the CRM does: a 503 (Temporal slower than WEBHOOK_TEMPORAL_DEADLINE) is sent again. */
async function send(deal: GeneratedDeal): Promise<string> {
  const event = { type: 'deal.won', timestamp: new Date().toISOString(), data: deal };
  const options = { eventId: `msg_${randomUUID()}` }; // the same delivery, sent again
  let accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, event, options);
  for (let attempt = 1; accepted.status === 503 && attempt < 10; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // its Retry-After
    accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, event, options);
  }
  expect(accepted.status).toBe(202);
  return accepted.body.workflowId as string;
}

async function status(workflowId: string): Promise<string> {
  return (await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery)).status;
}

/** Waits for a status; on timeout, says which status the record had and what its scoring logged. */
async function until(workflowId: string, wanted: string, timeoutMs = 60_000): Promise<void> {
  let seen = '(not read)';
  await waitFor(
    `${workflowId} to be ${wanted}`,
    async () => {
      seen = await status(workflowId);
      return seen === wanted ? true : undefined;
    },
    timeoutMs,
  ).catch((error: unknown) => {
    const scoring = stack.logLines.filter((line) => /Scored against|Anomaly check|baseline/i.test(line));
    throw new Error(`${String(error)}; it was ${seen}; scoring log: ${scoring.slice(-5).join(' ')}`);
  });
}

describe('a record past the cold start whose baseline does not answer', () => {
  it('is held for approval as not scored, alerted once per outage, and written once when approved', async () => {
    const normal = Array.from({ length: 12 }, () => next());
    const ids = await Promise.all(normal.map(send));
    for (const id of ids) await until(id, 'Synced');

    const baselineId = baselineWorkflowId('client-onboarding', stack.env.TEMPORAL_TASK_QUEUE);
    const baseline = stack.temporal.workflow.getHandle(baselineId);
    await waitFor('the baseline to learn the 12 deals', async () =>
      (await baseline.query(baselineSummaryQuery)).observed >= 12 ? true : undefined,
    );
    // The baseline itself says it is past its cold start, where the server answers without a worker.
    const memo = await waitFor('the baseline to publish the end of its cold start', async () => {
      const described = await baseline.describe();
      return described.memo?.[baselineColdStartMemoKey] === BaselineColdStart.passed
        ? described.memo
        : undefined;
    });

    // The baseline's worker is gone: the same workflow, with what it learned, on a queue no worker polls.
    const learned = await baseline.query(baselineStateQuery);
    await baseline.terminate('test: the baseline moves to a task queue no worker polls');
    const input: IntegrationBaselineInput = {
      integration: 'client-onboarding',
      declaration: clientOnboarding.anomalyChecks!(stack.env)!,
      alertRetryWindowMs: stack.env.ALERT_RETRY_WINDOW,
      carried: { state: learned },
    };
    await stack.temporal.workflow.start('integrationBaselineWorkflow', {
      workflowId: baselineId,
      taskQueue: `${stack.env.TEMPORAL_TASK_QUEUE}-unpolled`,
      args: [input],
      memo,
    });
    // A restarted worker has no copy of the baseline to fall back on.
    await worker.stop();
    worker = await stack.startWorker();

    const big = next();
    const currency = String(big.deal.currency).toUpperCase();
    big.deal.amount = crmAmount(Number(String(big.deal.amount).replaceAll(',', '')) * 20, currency);
    const usual = next();
    const held = await Promise.all([send(big), send(usual)]);

    for (const workflowId of held) {
      // The record waits ANOMALY_BASELINE_WAIT (8 s) for the baseline before it is held: longer than the kit's wait.
      const view = await waitFor(
        `an approval request on ${workflowId}`,
        () => stack.temporal.workflow.getHandle(workflowId).query(approvalRequestQuery),
        60_000,
      ).catch(async (error: unknown) => {
        throw new Error(`${String(error)}; the record is ${await status(workflowId)}`);
      });
      expect(view.policy).toBe('anomaly-check');
      expect(view.reasons).toEqual([reason]);
      expect(view.policyDescription).toContain('nothing is written unscored');
      expect(await status(workflowId)).toBe('AwaitingApproval');
      const metadata = await stack.temporal.workflow.getHandle(workflowId).query(workflowMetadataQuery);
      expect(metadata.currentDetails).toContain(reason);
    }
    expect(await targetRecords(stack, String(big.deal.id))).toEqual({ projects: [], customers: [] });
    expect(await targetRecords(stack, String(usual.deal.id))).toEqual({ projects: [], customers: [] });

    // Both records joined one incident of the outage, which alerted once.
    const incidentIds = await Promise.all(
      held.map(async (workflowId) => {
        const described = await stack.temporal.workflow.getHandle(workflowId).describe();
        return described.searchAttributes.LoudwireIncident?.[0];
      }),
    );
    expect(incidentIds[0]).toMatch(/^incident:.*:client-onboarding:record:AnomalyCheckUnavailable:/);
    expect(incidentIds[1]).toBe(incidentIds[0]);
    const incident = stack.temporal.workflow.getHandle(String(incidentIds[0]));
    await waitFor('both records to join the incident', async () =>
      (await incident.query(incidentStateQuery)).joined === 2 ? true : undefined,
    );
    const outageAlerts = () =>
      sink.alerts.filter((alert) => alert.alertClass === AlertClass.anomalyCheckUnavailable);
    const alert = await waitFor('the AnomalyCheckUnavailable alert', async () => outageAlerts()[0]);
    expect(alert.severity).toBe('critical');
    expect(alert.message).toContain(
      'not scored: the baseline of client-onboarding did not answer for 20 s; held for approval',
    );
    expect(JSON.stringify(alert.details)).toContain('/approvals/');
    expect(outageAlerts()).toHaveLength(1);
    for (const workflowId of held) {
      expect(alertsFor(sink, workflowId).map((sent) => sent.alertClass)).not.toContain(
        AlertClass.approvalRequested,
      );
    }

    for (const workflowId of held) {
      const decided = await callApprovals(stack, decisionPath(workflowId), {
        token: tokens.salesLead,
        body: { decision: 'approve', comment: 'Checked by hand while the baseline was down' },
      });
      expect(decided.status).toBe(200);
      await until(workflowId, 'Synced');
    }
    for (const deal of [big, usual]) {
      const { projects, customers } = await targetRecords(stack, String(deal.deal.id));
      expect([projects.length, customers.length]).toEqual([1, 1]);
    }
    const resolved = await waitFor('the incident to resolve', async () => {
      const state = await incident.query(incidentStateQuery);
      return state.open.length === 0 ? state : undefined;
    });
    expect(resolved.left.redriven).toBe(2);
    expect(outageAlerts()).toHaveLength(1);
  }, 400_000);
});
