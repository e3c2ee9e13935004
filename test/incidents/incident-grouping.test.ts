import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import type { IncidentSummary } from '../../src/cli/list-incidents';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { clearFaults, injectFault } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Issue 15's test: 500 failures across 3 targets within 5 minutes → 3 incidents, 3 opening alerts (plus digests),
// every record parked, then completed by 3 redrives with one resolved message each.
const recordsPerTarget = process.env.INCIDENT_TEST_SMALL ? [12, 12, 11] : [167, 167, 166];
const total = recordsPerTarget.reduce((sum, records) => sum + records, 0);
const targets = [
  { name: 'project-tool/projects', sandbox: 'projectTool' },
  { name: 'billing/customers', sandbox: 'billing' },
  { name: 'accounting/contacts', sandbox: 'accounting' },
] as const;

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({
    ALERT_WEBHOOK_URL: sink.url,
    PROJECT_TOOL_RETRY_MAX_ATTEMPTS: '2',
    BILLING_RETRY_MAX_ATTEMPTS: '2',
    ACCOUNTING_RETRY_MAX_ATTEMPTS: '2',
    // On a loaded machine a healthy target must not time out: the failures here are the injected ones only.
    TARGET_HTTP_TIMEOUT: '15s',
    INCIDENT_DIGEST_INTERVAL: '20s',
    // Low enough that each incident (one join signal per record) continues as new while records join.
    CONTINUE_AS_NEW_AFTER_EVENTS: '300',
  });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

describe('incidents: one alert per cause, not per record', () => {
  it('groups 500 failures on 3 targets into 3 incidents, then 3 redrives resolve them', async () => {
    const cliEnv = {
      TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: stack.env.TEMPORAL_TASK_QUEUE,
      LOG_LEVEL: 'silent',
    };
    const onlyThisStack = `TaskQueue = "${stack.env.TEMPORAL_TASK_QUEUE}"`;
    const count = async (status: string) =>
      (await stack.temporal.workflow.count(`${onlyThisStack} AND LoudwireSyncStatus = "${status}"`)).count;
    const started = Date.now();

    let parkedSoFar = 0;
    for (const [index, target] of targets.entries()) {
      // One target at a time fails every request, so each record fails on exactly that target.
      await clearFaults(stack.sandboxes[targets[(index + 2) % 3]!.sandbox].url);
      await injectFault(stack.sandboxes[target.sandbox].url, { kind: 'http_500', rate: 1 });
      await sendDeals(recordsPerTarget[index]!);
      parkedSoFar += recordsPerTarget[index]!;
      await waitFor(
        `${parkedSoFar} records parked`,
        async () => ((await count('Parked')) === parkedSoFar ? true : undefined),
        400_000,
      );
    }
    // Reported, not asserted (speed is measured, never a test's pass condition): the scenario has the
    // failures arrive within 5 minutes; on a loaded machine parking them can take longer.
    const failedWithin = Date.now() - started;
    await clearFaults(stack.sandboxes.accounting.url);

    let lastListing = '';
    const listed = await waitFor(
      '3 open incidents with every record',
      async () => {
        const result = await runLoudwireCli(['incidents', '--open', '--format', 'json'], cliEnv);
        const incidents = JSON.parse(result.stdout) as IncidentSummary[];
        lastListing = JSON.stringify(
          incidents.map(({ target, joined, parked }) => ({ target, joined, parked })),
        );
        const parked = incidents.reduce((sum, incident) => sum + incident.parked, 0);
        return incidents.length === 3 && parked === total ? incidents : undefined;
      },
      180_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the last listing: ${lastListing.slice(0, 4000)}`);
    });
    expect(listed.map((incident) => incident.target).sort()).toEqual(targets.map((t) => t.name).sort());
    for (const incident of listed) {
      expect(incident.alertClass).toBe(AlertClass.retryExhausted);
      expect(incident.members.length).toBe(Math.min(20, incident.joined)); // listed by name; the rest counted
      expect(incident.membersOmitted).toBe(Math.max(0, incident.joined - 20));
      expect(incident.id).not.toMatch(/deal_|Acme|Ada/); // no record value in an incident's ID
    }

    const opening = sink.alerts.filter((alert) => alert.alertClass === AlertClass.retryExhausted);
    expect(opening).toHaveLength(3);

    // Prometheus sees them too (the dev server is shared with other test files: at least these three).
    const metrics = await (await fetch(`${stack.apiUrl}/metrics`)).text();
    const openIncidents = Number(/^loudwire_open_incidents (\d+)$/m.exec(metrics)?.[1]);
    expect(openIncidents).toBeGreaterThanOrEqual(3);

    // The plan names every record it would touch and touches none.
    const first = listed[0]!;
    const plan = await runLoudwireCli(['redrive', '--incident', first.id, '--plan'], cliEnv);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`Plan: retry ${first.parked} parked record(s) of incident ${first.id}`);
    expect(plan.stdout.match(/^ {2}client-onboarding:crm:\S+ {2}RetryExhausted: /gm)).toHaveLength(
      first.parked,
    );
    expect(await count('Parked')).toBe(total);

    for (const incident of listed) {
      const redrive = await runLoudwireCli(
        ['redrive', '--incident', incident.id, '--operator', 'ops-oncall', '--concurrency', '16'],
        cliEnv,
      );
      expect(redrive.stdout).toContain(
        `redrive retry: ${incident.parked} accepted, 0 no longer parked, 0 failed, of ${incident.parked}`,
      );
    }
    await waitFor(
      'all records synced',
      async () => ((await count('Synced')) === total ? true : undefined),
      240_000,
    );
    await waitFor(
      '3 resolved messages',
      async () =>
        sink.alerts.filter((alert) => alert.alertClass === AlertClass.incidentResolved).length === 3
          ? true
          : undefined,
      60_000,
    );

    const resolved = JSON.parse(
      (await runLoudwireCli(['incidents', '--format', 'json'], cliEnv)).stdout,
    ) as IncidentSummary[];
    expect(resolved.map((incident) => incident.status)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(resolved.reduce((sum, incident) => sum + incident.left.redriven, 0)).toBe(total);

    const byClass = countBy(sink.alerts.map((alert) => alert.alertClass));
    console.info(
      `Alerts at the sink for ${total} failures: ${JSON.stringify(byClass)}; failures sent and parked in ${Math.round(
        failedWithin / 1000,
      )} s`,
    );
    expect(byClass).toEqual({
      [AlertClass.retryExhausted]: 3,
      [AlertClass.incidentResolved]: 3,
      ...(byClass[AlertClass.incidentDigest]
        ? { [AlertClass.incidentDigest]: byClass[AlertClass.incidentDigest] }
        : {}),
    });
  }, 1_200_000);
});

async function sendDeals(total: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < total) {
        next += 1;
        const envelope = dealWonEnvelope();
        // A loaded machine may answer 503 + Retry-After; like the CRM, redeliver the same event until accepted.
        let answer = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
        for (let attempt = 1; answer.status === 503 && attempt < 10; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          answer = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope, {
            eventId: answer.eventId,
          });
        }
        expect(answer.status).toBe(202);
      }
    }),
  );
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
