import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import type { IncidentSummary } from '../../src/cli/list-incidents';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Issue 15: "schema-drift warnings alert once per record (sinks must dedupe)". Records whose payload carries the
// same new field go on and sync; the drift is one incident with one alert, not one alert per record.
// WARNING_INCIDENT_TEST_SMALL: a few records, for capturing this path's replay fixtures.
const small = Boolean(process.env.WARNING_INCIDENT_TEST_SMALL);
const firstDriftRecords = small ? 3 : 50;
const secondDriftRecords = 2;
const quietWindowMs = 20_000;

let stack: LoudwireTestStack;
let sink: AlertSink;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({
    ALERT_WEBHOOK_URL: sink.url,
    // On a loaded machine a healthy target must not time out: nothing here is meant to fail a write.
    TARGET_HTTP_TIMEOUT: '15s',
    INCIDENT_DIGEST_INTERVAL: '5s',
    INCIDENT_QUIET_WINDOW: `${quietWindowMs / 1000}s`,
  });
  await stack.startWorker();
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

describe('warnings that park nothing: one incident per drift, not one alert per record', () => {
  it('groups 50 records with one new field into one incident, a different drift into a second', async () => {
    const cliEnv = {
      TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: stack.env.TEMPORAL_TASK_QUEUE,
      LOG_LEVEL: 'silent',
    };
    const synced = async () =>
      (
        await stack.temporal.workflow.count(
          `TaskQueue = "${stack.env.TEMPORAL_TASK_QUEUE}" AND LoudwireSyncStatus = "Synced"`,
        )
      ).count;

    const first = await sendDeals(firstDriftRecords, (deal) => (deal.probabilityPct = 90));
    const second = await sendDeals(secondDriftRecords, (deal) => (deal.region = 'EMEA'));
    const total = firstDriftRecords + secondDriftRecords;

    // Every record goes on: the drift never holds one.
    await waitFor(
      `${total} records synced`,
      async () => ((await synced()) === total ? true : undefined),
      300_000,
    );

    let lastListing = '';
    const open = await waitFor(
      'two open warning incidents with every record',
      async () => {
        const result = await runLoudwireCli(['incidents', '--open', '--format', 'json'], cliEnv);
        const incidents = (JSON.parse(result.stdout) as IncidentSummary[]).filter(
          (i) => i.kind === 'warning',
        );
        lastListing = JSON.stringify(
          incidents.map(({ id, joined, sightings }) => ({ id, joined, sightings })),
        );
        const joined = incidents.map((incident) => incident.joined).sort((a, b) => a - b);
        return joined.join() === `${secondDriftRecords},${firstDriftRecords}` ? incidents : undefined;
      },
      120_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the last listing: ${lastListing}`);
    });
    const byJoined = (joined: number) => open.find((incident) => incident.joined === joined)!;
    const big = byJoined(firstDriftRecords);
    const other = byJoined(secondDriftRecords);
    expect(big.id).not.toBe(other.id);
    for (const incident of [big, other]) {
      expect(incident).toMatchObject({ alertClass: AlertClass.schemaDrift, target: 'crm', parked: 0 });
      expect(incident.id).toMatch(/^incident:[^:]+:client-onboarding:crm:SchemaDrift:[0-9a-f]{16}$/);
      // Shapes, never values (the format above leaves room for no value but a hex fingerprint; `90` could be hex).
      expect(incident.id).not.toMatch(/EMEA|deal_/);
      expect(incident.resolvesAt).toBeDefined();
    }
    expect(big.cause).toMatch(/deal\.probabilityPct is new/);
    expect(other.cause).toMatch(/deal\.region is new/);
    const text = (await runLoudwireCli(['incidents', '--open'], cliEnv)).stdout;
    expect(text).toContain(`${big.id}\n  SchemaDrift on crm (client-onboarding) — OPEN since`);
    expect(text).toContain(`${firstDriftRecords} record(s) showed it, each went on`);
    // Sample record keys are listed (the first 20), the rest counted.
    expect(big.members).toHaveLength(Math.min(20, firstDriftRecords));
    expect(big.membersOmitted).toBe(Math.max(0, firstDriftRecords - 20));
    expect(big.members.every((member) => first.includes(member.recordKey))).toBe(true);
    expect(other.members.map((member) => member.recordKey).sort()).toEqual([...second].sort());

    // One opening SchemaDrift alert per drift, naming the change; no record alerted on its own.
    const drift = () => sink.alerts.filter((alert) => alert.alertClass === AlertClass.schemaDrift);
    await waitFor('two SchemaDrift alerts', async () => (drift().length >= 2 ? true : undefined), 60_000);
    expect(drift()).toHaveLength(2);
    expect(
      drift()
        .map((alert) => alert.message)
        .join('\n'),
    ).toMatch(/deal\.probabilityPct is new/);
    expect(drift().every((alert) => alert.severity === 'warning')).toBe(true);

    // No record shows either drift any more: both resolve after the quiet window, each with its count.
    const resolved = await waitFor(
      'two resolved messages',
      async () => {
        const found = sink.alerts.filter((alert) => alert.alertClass === AlertClass.incidentResolved);
        return found.length >= 2 ? found : undefined;
      },
      quietWindowMs + 90_000,
    );
    expect(resolved).toHaveLength(2);
    const resolvedJoined = resolved
      .map((alert) => (alert.details as { joined: number }).joined)
      .sort((a, b) => a - b);
    expect(resolvedJoined).toEqual([secondDriftRecords, firstDriftRecords]);
    const listed = (
      JSON.parse(
        (await runLoudwireCli(['incidents', '--format', 'json'], cliEnv)).stdout,
      ) as IncidentSummary[]
    ).filter((incident) => incident.kind === 'warning');
    expect(listed.map((incident) => incident.status)).toEqual(['resolved', 'resolved']);

    // The same drift after it resolved is news again: a new incident, a new alert.
    await sendDeals(1, (deal) => (deal.probabilityPct = 10));
    await waitFor('a third SchemaDrift alert', async () => (drift().length === 3 ? true : undefined), 60_000);
    expect(await synced()).toBeGreaterThanOrEqual(total);

    // Digests report the count while records keep joining (how many go out depends on the machine's pace).
    const digests = sink.alerts.filter((alert) => alert.alertClass === AlertClass.incidentDigest);
    for (const digest of digests) {
      expect((digest.details as { joined: number }).joined).toBeLessThanOrEqual(firstDriftRecords);
    }
    const byClass: Record<string, number> = {};
    for (const alert of sink.alerts) byClass[alert.alertClass] = (byClass[alert.alertClass] ?? 0) + 1;
    console.info(`Alerts at the sink for ${total + 1} drifted records: ${JSON.stringify(byClass)}`);
    for (const alert of [...digests, ...resolved]) console.info(`${alert.alertClass}: ${alert.message}`);
    expect(Object.keys(byClass).sort()).toEqual(
      [
        AlertClass.schemaDrift,
        AlertClass.incidentResolved,
        ...(digests.length > 0 ? [AlertClass.incidentDigest] : []),
      ].sort(),
    );
  }, 600_000);
});

/** Sends `count` won deals, each with the same drift; returns their record keys. */
async function sendDeals(count: number, drift: (deal: Record<string, unknown>) => void): Promise<string[]> {
  const keys: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (next < count) {
        next += 1;
        const envelope = dealWonEnvelope();
        drift(envelope.data.deal as Record<string, unknown>);
        let answer = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
        // A loaded machine may answer 503 + Retry-After; like the CRM, redeliver the same event until accepted.
        for (let attempt = 1; answer.status === 503 && attempt < 10; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          answer = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope, {
            eventId: answer.eventId,
          });
        }
        expect(answer.status).toBe(202);
        keys.push(envelope.data.deal.id);
      }
    }),
  );
  return keys;
}
