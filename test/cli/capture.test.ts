import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { copySeededDeal } from '../support/seeded-deal-copy';
import { postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';
import { waitForDeliveries } from '../../sandbox/crm/wait-for-deliveries';

// `loudwire capture` after real events: the sandbox CRM's seeded deals (unicode, right-to-left and CJK names,
// national and international phones, messy emails) are won and delivered, then exported from Temporal with
// their personal values faked, and the export is fed to `loudwire dry-run`.

let stack: LoudwireTestStack;
let sink: AlertSink;
let cliEnv: Record<string, string>;
let dir: string;
// Copies of these seeded deals are won, each under a new ID: workflow IDs are the deal's and namespace-wide on the
// shared test dev server, so a seeded ID another test file also wins or edits would be one workflow on the other
// test's task queue, missing from this one's listing (see copySeededDeal).
const seededDeals = ['deal_seed04', 'deal_seed05', 'deal_seed06', 'deal_seed07', 'deal_seed09'];
const wonDeals: string[] = [];
const originals: unknown[] = [];
const vocabulary = /^(type|status|stage|currency|country|priority|version)$/i;
const isoDate = /^\d{4}-\d{2}-\d{2}/;

function personalStrings(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => personalStrings(item, key));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, item]) => personalStrings(item, name));
  }
  return typeof value === 'string' && !vocabulary.test(key) && value.trim().length >= 4 ? [value.trim()] : [];
}

function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([name, item]) => leaves(item, `${path}.${name}`));
  }
  return [[path, value]];
}

async function capture(out: string, ...args: string[]) {
  return runLoudwireCli(
    ['capture', '--integration', 'client-onboarding', '--since', '1h', '--out', out, ...args],
    cliEnv,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loudwire-capture-'));
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url });
  await stack.startWorker();
  cliEnv = {
    TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: stack.env.TEMPORAL_TASK_QUEUE,
    LOG_LEVEL: 'silent',
  };
  for (const seededDealId of seededDeals) {
    const dealId = await copySeededDeal(stack.sandboxes.crm.url, seededDealId);
    wonDeals.push(dealId);
    const won = await fetch(`${stack.sandboxes.crm.url}/api/deals/${dealId}/win`, {
      method: 'POST',
      headers: { authorization: 'Bearer crm_dev_key' },
    });
    expect(won.status).toBe(200);
  }
  const deliveries = await waitForDeliveries(
    stack.sandboxes.crm.url,
    (all) => all.length === wonDeals.length && all.every((delivery) => delivery.status === 'delivered'),
    { timeoutMs: 60_000 },
  );
  originals.push(...deliveries.map((delivery) => delivery.payload.data));
  // A redelivery of the first: accepted as a duplicate, so not exported a second time.
  const first = deliveries[0]!;
  const again = await postSignedWebhook(
    `${stack.apiUrl}/webhooks/crm`,
    { type: first.payload.type, timestamp: first.payload.timestamp, data: first.payload.data },
    { eventId: first.eventId },
  );
  expect(again.body.duplicate).toBe(true);
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await sink?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('loudwire capture', () => {
  it('exports every accepted event once, with no original personal value, ready for dry-run', async () => {
    const out = join(dir, 'captured.ndjson');
    const result = await waitFor(
      'every won deal in the capture',
      async () => {
        const attempt = await capture(out, '--force');
        const lines = attempt.code === 0 ? readFileSync(out, 'utf8').trim().split('\n') : [];
        if (lines.length === wonDeals.length) return attempt;
        // Say what the last attempt saw, so a timeout names it.
        throw new Error(
          `exit ${attempt.code}, ${lines.length} of ${wonDeals.length} lines; stderr: ${attempt.stderr.slice(-600)}`,
        );
      },
      60_000,
    );
    expect(result.stderr).toMatch(/Listing client-onboarding records with events accepted since/);
    expect(result.stderr).toMatch(
      new RegExp(`${wonDeals.length}/${wonDeals.length} records, ${wonDeals.length} event`),
    );
    expect(result.stderr).toContain(`Wrote ${wonDeals.length} event(s) to ${out}`);

    const text = readFileSync(out, 'utf8');
    const captured = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; data: unknown });
    expect(captured.every((envelope) => envelope.type === 'deal.won')).toBe(true);
    // Dates are moved, not faked (below): a moved date may equal another deal's original one.
    const secrets = [...new Set(originals.flatMap((original) => personalStrings(original)))].filter(
      (value) => !isoDate.test(value),
    );
    expect(secrets.length).toBeGreaterThan(40);
    for (const secret of secrets) expect(text, `original value "${secret}"`).not.toContain(secret);

    // Every date of the capture is an original one moved back by the capture's one shift, 30 to 364 days: per
    // field, the sorted dates differ from the sorted originals by the same number of days.
    const shifts = new Set<number>();
    const datesByField = (payloads: unknown[]) => {
      const byField = new Map<string, number[]>();
      for (const [path, leaf] of payloads.flatMap((payload) => leaves(payload))) {
        if (typeof leaf !== 'string' || !isoDate.test(leaf)) continue;
        byField.set(path, [...(byField.get(path) ?? []), Date.parse(leaf.slice(0, 10)) / 86_400_000]);
      }
      for (const days of byField.values()) days.sort((a, b) => a - b);
      return byField;
    };
    const originalDates = datesByField(originals);
    const capturedDates = datesByField(captured.map((envelope) => envelope.data));
    expect([...capturedDates.keys()].sort()).toEqual([...originalDates.keys()].sort());
    for (const [path, days] of originalDates) {
      days.forEach((day, index) => shifts.add(day - capturedDates.get(path)![index]!));
    }
    expect(shifts.size).toBe(1);
    expect([...shifts][0]).toBeGreaterThanOrEqual(30);
    expect([...shifts][0]).toBeLessThanOrEqual(364);

    // Shapes kept: the same keys and value types in every payload; international phones keep their country.
    const byShape = (value: unknown) => leaves(value).map(([path, leaf]) => [path, typeof leaf]);
    expect(captured.map((envelope) => byShape(envelope.data)).sort()).toEqual(
      originals.map((original) => byShape(original)).sort(),
    );
    let internationalPhones = 0;
    for (const [index, envelope] of captured.entries()) {
      const original = originals.find(
        (candidate) => byShape(candidate).join() === byShape(envelope.data).join(),
      );
      expect(original, `envelope ${index}`).toBeDefined();
    }
    for (const original of originals) {
      for (const [path, value] of leaves(original)) {
        if (typeof value !== 'string' || !/phone$/i.test(path) || !value.trim().startsWith('+')) continue;
        const country = parsePhoneNumberFromString(value)?.country;
        if (!country) continue; // a fictional number (Ofcom's 07700 900xxx) has a calling code, no country
        const fakes = captured
          .flatMap((envelope) => leaves(envelope.data))
          .filter(([fakePath]) => fakePath === path);
        expect(fakes.some(([, fake]) => parsePhoneNumberFromString(String(fake))?.country === country)).toBe(
          true,
        );
        internationalPhones += 1;
      }
    }
    expect(internationalPhones).toBeGreaterThan(0);

    const dryRun = await runLoudwireCli(
      ['dry-run', '--integration', 'client-onboarding', '--format', 'json', out],
      cliEnv,
    );
    expect(dryRun.stderr).toBe('');
    const reports = dryRun.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reports.filter((report) => 'status' in report && !('totals' in report))).toHaveLength(
      wonDeals.length,
    );
    process.stdout.write(`\n--- dry-run of the capture ---\n${dryRun.stdout}\n`);
  }, 120_000);

  it('fakes the same way under the same seed, so two captures relate', async () => {
    const first = join(dir, 'seeded-1.ndjson');
    const second = join(dir, 'seeded-2.ndjson');
    expect((await capture(first, '--seed', 'release-42')).code).toBe(0);
    expect((await capture(second, '--seed', 'release-42')).code).toBe(0);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));
    const third = await capture(first);
    expect(third.code).toBe(2);
    expect(third.stderr).toContain('exists; choose another --out or pass --force');
  }, 60_000);
});
