import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parkedClassAttribute, parkedReasonAttribute } from '../../src/temporal/search-attributes';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { runLoudwireCli } from '../support/run-cli';
import { injectFault, recordsWithExternalId } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// A parked record must be findable wherever Loudwire runs: on the SQLite dev server (`npm test`) and on
// PostgreSQL persistence with SQL visibility (`npm run test:postgres`), whose Text search attributes refuse
// `:`, `'` and `\`. Each case parks a record whose reason is full of them, finds it the three ways an operator
// would — `loudwire parked`, the Web UI's visibility filter, the class keyword — and redrives it.

let stack: LoudwireTestStack;
let sink: AlertSink;
let cliEnv: Record<string, string>;
let onlyThisStack: string;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack({ ALERT_WEBHOOK_URL: sink.url });
  await stack.startWorker();
  cliEnv = { TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS, LOG_LEVEL: 'silent' };
  onlyThisStack = `TaskQueue = "${stack.env.TEMPORAL_TASK_QUEUE}"`;
});
afterAll(async () => {
  await stack?.close();
  await sink?.close();
});

interface ListedRecord {
  workflowId: string;
  parkedClass?: string;
  parkedReason?: string;
}

async function parkedInThisStack(extraQuery?: string): Promise<ListedRecord[]> {
  const query = extraQuery ? `${onlyThisStack} AND ${extraQuery}` : onlyThisStack;
  const result = await runLoudwireCli(['parked', '--query', query, '--format', 'json'], cliEnv);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ListedRecord[];
}

async function waitUntilListed(workflowId: string): Promise<ListedRecord> {
  return waitFor(`loudwire parked to list ${workflowId}`, async () =>
    (await parkedInThisStack()).find((record) => record.workflowId === workflowId),
  );
}

/** The Web UI's filter is a visibility query: count what it would show. */
async function countVisible(query: string): Promise<number> {
  return (await stack.temporal.workflow.count(`${onlyThisStack} AND ${query}`)).count;
}

describe('parked records in visibility', () => {
  it('finds a destination mismatch with loudwire parked, the Web UI filter and its class, then redrives it', async () => {
    await injectFault(stack.sandboxes.billing.url, { kind: 'drop_write', count: 1 });
    const envelope = dealWonEnvelope();
    const { workflowId } = (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body as {
      workflowId: string;
    };

    const listed = await waitUntilListed(workflowId);
    expect(listed.parkedClass).toBe('DestinationMismatch');
    // The target as `system/resource` (or `system`), then what went wrong.
    expect(listed.parkedReason).toMatch(/^billing(\/\w+)? — .*holds no such record/);
    expect(listed.parkedReason).not.toMatch(/[:'\\]/);

    const text = await runLoudwireCli(['parked', '--query', onlyThisStack], cliEnv);
    expect(text.stdout).toMatch(new RegExp(`${workflowId}\\n  DestinationMismatch: billing(/\\w+)? — `));

    expect(await countVisible(`LoudwireSyncStatus = "Parked"`)).toBe(1);
    expect(await countVisible(`LoudwireParkedClass = "DestinationMismatch"`)).toBe(1);
    expect(await countVisible(`LoudwireParkedClass = "RetryExhausted"`)).toBe(0);

    const redrive = await runLoudwireCli(
      [
        'redrive',
        '--query',
        `${onlyThisStack} AND LoudwireParkedClass = "DestinationMismatch"`,
        '--operator',
        'ops',
      ],
      cliEnv,
    );
    expect(redrive.code, redrive.stderr).toBe(0);
    expect(redrive.stdout).toContain('1 accepted');
    await waitFor(`${workflowId} synced`, async () => {
      const state = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      return state.status === SyncStatus.synced ? state : undefined;
    });
    expect(
      await recordsWithExternalId(stack.sandboxes.billing.url, 'customers', envelope.data.deal.id),
    ).toHaveLength(1);

    // Unparked: the status moves on and the class and reason are cleared, in visibility too.
    await waitFor('visibility to show the record synced', async () =>
      (await countVisible(`LoudwireSyncStatus = "Synced"`)) === 1 ? true : undefined,
    );
    const description = await stack.temporal.workflow.getHandle(workflowId).describe();
    expect(description.typedSearchAttributes.get(parkedClassAttribute)).toBeUndefined();
    expect(description.typedSearchAttributes.get(parkedReasonAttribute)).toBeUndefined();
    expect(await parkedInThisStack()).toEqual([]);
  });

  it("keeps a reason quoting the source's own colons, quotes and backslashes searchable", async () => {
    const envelope = dealWonEnvelope();
    // A currency no mapping accepts: the rejection quotes it into the parked reason.
    (envelope.data.deal as Record<string, unknown>).currency = "it's:a \\ trap: ''";
    const { workflowId } = (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope)).body as {
      workflowId: string;
    };

    const listed = await waitUntilListed(workflowId);
    expect(listed.parkedClass).toBe('RecordRejected');
    expect(listed.parkedReason).toContain('currency');
    expect(listed.parkedReason).not.toMatch(/[:'\\]/);
    expect(await countVisible(`LoudwireParkedClass = "RecordRejected"`)).toBe(1);

    const skip = await runLoudwireCli(
      [
        'redrive',
        '--query',
        `${onlyThisStack} AND LoudwireParkedClass = "RecordRejected"`,
        '--action',
        'skip',
        '--operator',
        'ops',
      ],
      cliEnv,
    );
    expect(skip.code, skip.stderr).toBe(0);
    await waitFor(`${workflowId} skipped in visibility`, async () =>
      (await countVisible(`LoudwireSyncStatus = "Skipped"`)) === 1 ? true : undefined,
    );
    expect(await parkedInThisStack()).toEqual([]);
  });
});
