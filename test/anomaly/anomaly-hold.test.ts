import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import { clientOnboarding } from '../../src/integrations/client-onboarding';
import {
  baselineSummaryQuery,
  baselineWorkflowId,
  observeRecordSignal,
} from '../../src/workflows/baseline-messages';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import {
  alertsFor,
  callApprovals,
  decisionPath,
  startAlertSink,
  targetRecords,
  tokens,
  waitForApproval,
  type AlertSink,
} from '../approvals/approval-test-kit';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';
import { crmAmount, dealGenerator, type GeneratedDeal } from './deal-generator';

// Predictive checks end to end on the real dev server and sandboxes: 40 realistic won deals from US clients teach
// the baseline (cold start 30 here; one country, so that one currency has the 20 amounts its median needs), then planted anomalies are held on the approval page with their reasons, in the
// ApprovalRequested alert and in the Web UI's current details, while a mildly unusual deal is written with its
// reasons as warnings. The full 2,000 + 20 acceptance run is anomaly-acceptance.test.ts.

let stack: LoudwireTestStack;
let sink: AlertSink;
const run = randomUUID().slice(0, 6);
const next = dealGenerator(40, `deal_e2e${run}_`, [], ['US']);
const normal = Array.from({ length: 40 }, () => next());

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(
    {
      ALERT_WEBHOOK_URL: sink.url,
      // Only the predictive checks hold records here (the amount policy is out of the way).
      APPROVAL_AMOUNT_THRESHOLD_MINOR: '100000000000',
      APPROVAL_TIMEOUT: '1h',
      ANOMALY_CHECKS: 'on',
      ANOMALY_COLD_START_RECORDS: '30',
    },
    { captureLogs: true },
  );
  await stack.startWorker();
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

async function send(deal: GeneratedDeal): Promise<string> {
  const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, {
    type: 'deal.won',
    timestamp: new Date().toISOString(),
    data: deal,
  });
  expect(accepted.status).toBe(202);
  return accepted.body.workflowId as string;
}

async function state(workflowId: string) {
  return stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
}

// A freshly started worker's first records on a loaded CI machine took over 15 s to sync (seen at load 40 on 2
// cores, status Synced moments later): the wait is the state's, the bound only stops a stuck test.
const until = (status: string) => async (workflowId: string) =>
  waitFor(
    `${workflowId} to be ${status}`,
    async () => ((await state(workflowId)).status === status ? true : undefined),
    60_000,
  ).catch(async (error: unknown) => {
    throw new Error(`${String(error)}; ${await whatTheRecordSaw(workflowId)}`);
  });

/** What a record's run saw, so a probe that times out says why: its status, warnings and its scoring. */
async function whatTheRecordSaw(workflowId: string): Promise<string> {
  const seen = await state(workflowId).then(
    ({ status, warnings }) => `status ${status}, warnings ${JSON.stringify(warnings)}`,
    (error: unknown) => `state unreadable (${String(error)})`,
  );
  const recordKey = workflowId.split(':').at(-1) ?? workflowId;
  const scoring = stack.logLines.filter(
    (line) => line.includes(recordKey) && /Scored against|baseline|Anomaly/i.test(line),
  );
  const baseline = stack.logLines.filter((line) => /baseline (unreachable|.*did not answer)/i.test(line));
  return (
    `${seen}; its scoring: ${scoring.join(' ').trim() || '(no log line)'}; baseline warnings: ${baseline.length}; ` +
    `its history: ${await timeline(workflowId)}`
  );
}

/** The record's history as seconds since its start per event type, e.g. `WORKFLOW_TASK_STARTED+6.21`. */
async function timeline(workflowId: string): Promise<string> {
  try {
    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const seconds = (event: (typeof events)[number]) =>
      Number(event.eventTime?.seconds ?? 0) + (event.eventTime?.nanos ?? 0) / 1e9;
    const start = events[0] ? seconds(events[0]) : 0;
    return events
      .map((event) => {
        const type = String(temporal.api.enums.v1.EventType[event.eventType ?? 0]).replace(
          /^EVENT_TYPE_/,
          '',
        );
        return `${type}+${(seconds(event) - start).toFixed(2)}`;
      })
      .join(' ');
  } catch (error) {
    return `(unreadable: ${String(error)})`;
  }
}

/** The approval request of a held record; on timeout, what the record saw instead. */
async function heldFor(workflowId: string) {
  return waitForApproval(stack.temporal, workflowId).catch(async (error: unknown) => {
    throw new Error(`${String(error)}; ${await whatTheRecordSaw(workflowId)}`);
  });
}

/** The per-record cost each scoring activity measured (printed: a figure for the report, not an assertion). */
function reportScoringCost(): void {
  const costs = stack.logLines.flatMap((line) => {
    if (!line.includes('Scored against the baseline')) return [];
    const { costMs } = JSON.parse(line) as { costMs: { snapshot: number; score: number; learn: number } };
    return [costMs];
  });
  expect(costs.length).toBeGreaterThanOrEqual(40);
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const describe = (values: number[]) => {
    const ordered = sorted(values);
    const at = (share: number) => ordered[Math.min(ordered.length - 1, Math.floor(share * ordered.length))]!;
    return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms`;
  };
  console.log(
    `Scoring cost over ${costs.length} records through Temporal: snapshot query ${describe(costs.map((c) => c.snapshot))}; ` +
      `score ${describe(costs.map((c) => c.score))}; learn (signal-with-start) ${describe(costs.map((c) => c.learn))}; ` +
      `total ${describe(costs.map((c) => c.snapshot + c.score + c.learn))}`,
  );
}

/**
 * What the worker's copy of the baseline had learned when each record was scored, in the order they were scored.
 * It only grows: a read of the baseline's state that forgot records the worker had taught but the baseline had not
 * received yet sent it back (below the cold start under load: the cause of this file's flakiness).
 */
function copyObservedInScoringOrder(): number[] {
  return stack.logLines.flatMap((line) => {
    if (!line.includes('Scored against the baseline')) return [];
    return [(JSON.parse(line) as { baselineObserved: number }).baselineObserved];
  });
}

describe('won deals scored against the baseline of client onboarding', () => {
  it('learns 40 normal deals without holding any, then holds a 20× amount with its reason everywhere', async () => {
    const synced = until('Synced');
    for (let batch = 0; batch < normal.length; batch += 8) {
      const ids = await Promise.all(normal.slice(batch, batch + 8).map(send));
      await Promise.all(ids.map(synced));
    }
    const baselineId = baselineWorkflowId('client-onboarding', stack.env.TEMPORAL_TASK_QUEUE);
    // Workers teach the baseline in batches, about a second apart (baseline-teacher.ts).
    const summary = await waitFor('the baseline to learn the 40 deals', async () => {
      const answer = await stack.temporal.workflow.getHandle(baselineId).query(baselineSummaryQuery);
      return answer.observed >= 40 ? answer : undefined;
    });
    expect(summary.observed).toBe(40);
    expect(summary.coldStartRecords).toBe(30);
    reportScoringCost();
    const observed = copyObservedInScoringOrder();
    const wentBack = observed.flatMap((count, index) =>
      index > 0 && count < observed[index - 1]! ? [`${observed[index - 1]} → ${count}`] : [],
    );
    expect(wentBack, `the copy went back: ${observed.join(', ')}`).toEqual([]);

    const big = next();
    const currency = String(big.deal.currency).toUpperCase();
    big.deal.amount = crmAmount(Number(String(big.deal.amount).replaceAll(',', '')) * 20, currency);
    const workflowId = await send(big);
    const view = await heldFor(workflowId);
    expect(view.policy).toBe('anomaly-check');
    const reason = view.reasons.find((text) => text.includes(`the median ${currency} deal`));
    expect(reason).toMatch(new RegExp(`^Unusual: amount [\\d,.]+ ${currency} is \\d+(\\.\\d)?× the median`));
    expect((await state(workflowId)).status).toBe('AwaitingApproval');
    expect(await targetRecords(stack, String(big.deal.id))).toEqual({ projects: [], customers: [] });

    const page = await fetch(`${stack.apiUrl}/ui/approvals/${encodeURIComponent(workflowId)}`, {
      headers: { cookie: `loudwire_approver=${tokens.salesLead}` },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(reason!.replaceAll('×', '×'));
    const alert = await waitFor('the ApprovalRequested alert', async () =>
      alertsFor(sink, workflowId).find((sent) => sent.alertClass === AlertClass.approvalRequested),
    );
    expect(alert.message).toContain(reason);
    const metadata = await stack.temporal.workflow.getHandle(workflowId).query(workflowMetadataQuery);
    expect(metadata.currentDetails).toContain(reason);

    const decided = await callApprovals(stack, decisionPath(workflowId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: 'Framework agreement, confirmed with finance' },
    });
    expect(decided.status).toBe(200);
    await until('Synced')(workflowId);
    const { projects, customers } = await targetRecords(stack, String(big.deal.id));
    expect([projects.length, customers.length]).toEqual([1, 1]);
  }, 300_000);

  it('holds a known company under a new deal ID, naming the deal it is already the client of', async () => {
    const original = normal[3]!;
    const copy = next();
    copy.company.name = original.company.name;
    const workflowId = await send(copy);
    const view = await heldFor(workflowId);
    expect(view.reasons).toContain(
      `Unusual: ${String(original.company.name)} is already the client of ${String(original.deal.id)}`,
    );
  }, 120_000);

  it('writes a mildly unusual deal and carries its reasons as warnings', async () => {
    const deal = next();
    // A new sales office: worth a word (0.6), not a hold (1).
    deal.deal.ownerEmail = 'kim.ito@apac.example.com';
    const workflowId = await send(deal);
    await until('Synced')(workflowId);
    const { warnings } = await state(workflowId);
    expect(warnings).toContainEqual({
      field: 'owner domain',
      code: 'anomaly:first-seen-value',
      reason: 'first deal owned by someone at apac.example.com',
    });
    const metadata = await stack.temporal.workflow.getHandle(workflowId).query(workflowMetadataQuery);
    expect(metadata.currentDetails).toContain('first deal owned by someone at apac.example.com');
    expect(alertsFor(sink, workflowId)).toEqual([]);
  }, 120_000);

  it('raises one PopulationDrift alert for a field the source stopped sending, not one per record', async () => {
    const workflowId = `baseline:drift-check-${run}:${stack.env.TEMPORAL_TASK_QUEUE}`;
    const declaration = {
      ...clientOnboarding.anomalyChecks!(stack.env)!,
      drift: { recentRecords: 20, presenceShift: 0.3, mixShift: 0.3 },
    };
    const all = [
      'company domain',
      'company phone',
      'contact',
      'contact email',
      'contact phone',
      'deal owner',
    ];
    const features = (index: number) => ({
      key: `deal_drift_${index}`,
      amount: { minor: 1_800_000, currency: 'USD' },
      categories: { currency: 'USD', country: 'US', 'owner domain': 'example.com' },
      texts: {},
      present: index < 40 ? all : all.filter((field) => field !== 'company phone'),
      company: { name: `drift company ${index}` },
    });
    for (let index = 0; index < 80; index += 1) {
      await stack.temporal.workflow.signalWithStart('integrationBaselineWorkflow', {
        workflowId,
        taskQueue: stack.env.TEMPORAL_TASK_QUEUE,
        args: [{ integration: 'client-onboarding', declaration, alertRetryWindowMs: 60_000 }],
        signal: observeRecordSignal,
        signalArgs: [features(index)],
      });
    }
    await waitFor('the baseline to learn 80 records', async () => {
      const summary = await stack.temporal.workflow.getHandle(workflowId).query(baselineSummaryQuery);
      return summary.observed === 80 ? summary : undefined;
    });
    const drift = await waitFor('the PopulationDrift alert', async () =>
      alertsFor(sink, workflowId).find((alert) => alert.alertClass === AlertClass.populationDrift),
    );
    expect(drift.message).toMatch(
      /^client-onboarding: company phone is present in \d+ % of the latest 20 records, against 100 % of the \d+ before/,
    );
    expect(drift.details).toMatchObject({ field: 'company phone', kind: 'presence' });
    expect(alertsFor(sink, workflowId)).toHaveLength(1);
  }, 120_000);

  it('prints the baseline (loudwire baseline show) and scores a file against it (loudwire dry-run --score)', async () => {
    const cliEnv = {
      TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: stack.env.TEMPORAL_TASK_QUEUE,
      ANOMALY_CHECKS: 'on',
      ANOMALY_COLD_START_RECORDS: '30',
      LOG_LEVEL: 'silent',
    };
    const shown = await runLoudwireCli(['baseline', 'show', '--integration', 'client-onboarding'], cliEnv);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(
      /^Baseline of client-onboarding \(workflow baseline:client-onboarding:test-/,
    );
    expect(shown.stdout).toMatch(/learned 4\d records/);
    expect(shown.stdout).toMatch(
      /\n {2}USD {2}\d+ records {2}median [\d,]+\.\d\d USD {2}MAD [\d,]+\.\d\d USD\n/,
    );
    expect(shown.stdout).toContain('country: US 100 %');

    const odd = next();
    odd.company.country = 'Kazakhstan';
    const file = join(mkdtempSync(join(tmpdir(), 'loudwire-score-')), 'deals.ndjson');
    writeFileSync(
      file,
      [next(), odd].map((deal) => JSON.stringify({ type: 'deal.won', data: deal })).join('\n'),
    );
    const scored = await runLoudwireCli(
      ['dry-run', '--integration', 'client-onboarding', '--score', file],
      cliEnv,
    );
    expect(scored.code).toBe(0);
    expect(scored.stderr).toMatch(/^dry-run: scored against the baseline of 4\d records/);
    expect(scored.stdout).toContain(`record 2 (line 2) ${String(odd.deal.id)}: ok`);
    expect(scored.stdout).toMatch(
      /score \d+\.\d\d: HELD \(threshold 1\)\n {4}unusual \[first-seen-value\]: first client from KZ/,
    );

    const unknown = await runLoudwireCli(['baseline', 'show', '--integration', 'billable-hours'], cliEnv);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('billable-hours has no predictive checks');
  }, 180_000);
});
