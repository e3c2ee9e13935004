import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectStatus, type LoudwireStatus } from '../../src/cli/integration-status';
import { loadEnvironment } from '../../src/config/environment';
import { eventCountThresholds } from '../../src/ledger/accepted-event-counts';
import {
  connectTemporalClient,
  type ConnectedTemporalClient,
} from '../../src/temporal/connect-temporal-client';
import {
  eventsAcceptedAttribute,
  firstEventAtAttribute,
  integrationAttribute,
  lastEventAtAttribute,
  parkedClassAttribute,
  parkedReasonAttribute,
  recordKeyAttribute,
  sourceAttribute,
  syncStatusAttribute,
} from '../../src/temporal/search-attributes';
import { EventOutcome, eventLogMemoKey, type EventLogMemo } from '../../src/workflows/event-log-entry';
import { SyncStatus } from '../../src/workflows/record-sync-messages';
import { waitFor } from '../support/wait-for';

// Every figure `loudwire status` collects, over records whose search attributes and encrypted event-log memo are
// set exactly as record workflows set them, on a task queue of their own that no worker polls (so they stay as
// seeded). The counts take different paths — count queries per number of events, the listing of the few records
// with more, the memo of records whose events straddle a window's edge, parked classes read from a record's
// class or (older records) its reason — and each path has a record here whose figure only it gets right.

const minute = 60_000;
const hour = 60 * minute;
const taskQueue = `status-figures-${randomUUID().slice(0, 8)}`;
let connected: ConnectedTemporalClient;
let client: Client;
let now: number;

interface SeededRecord {
  status: SyncStatus;
  /** Minutes ago each event was accepted, oldest first. */
  eventsAt: number[];
  parkedClass?: string;
  parkedReason?: string;
  terminate?: true;
}

const records: Record<string, SeededRecord> = {
  oneEvent: { status: SyncStatus.synced, eventsAt: [10] },
  redelivered: { status: SyncStatus.parked, eventsAt: [12, 11], parkedClass: 'TargetRejected' },
  threeEvents: { status: SyncStatus.parked, eventsAt: [30, 20, 10], parkedClass: 'SchemaDrift' },
  // Parked before LoudwireParkedClass existed: its class is the start of its reason.
  fourEvents: {
    status: SyncStatus.parked,
    eventsAt: [40, 30, 20, 10],
    parkedReason: 'RetryExhausted: crm answered 503 five times',
  },
  // More events than the count queries reach: listed.
  sevenEvents: { status: SyncStatus.awaitingApproval, eventsAt: [50, 45, 40, 35, 30, 25, 20] },
  // First event three hours ago, one since: straddles the hour's edge, inside the day.
  straddlesHour: { status: SyncStatus.skipped, eventsAt: [180, 30] },
  // First event thirty hours ago: straddles the day's edge too.
  straddlesDay: { status: SyncStatus.synced, eventsAt: [30 * 60, 120, 20] },
  oldOnly: { status: SyncStatus.synced, eventsAt: [30 * 60] },
  // Ended abnormally: not counted by status, counted as ended abnormally and as a new record with its events.
  terminated: { status: SyncStatus.synced, eventsAt: [5], terminate: true },
};

async function seed(name: string, record: SeededRecord): Promise<void> {
  const times = record.eventsAt.map((minutesAgo) => now - minutesAgo * minute);
  const log: EventLogMemo = {
    entries: times.map((acceptedAt, index) => [
      `msg_${name}_${index}`,
      'deal.updated',
      acceptedAt,
      EventOutcome.updated,
    ]),
  };
  const handle = await client.workflow.start('recordSyncWorkflow', {
    taskQueue,
    workflowId: `${taskQueue}-${name}`,
    args: [{}],
    memo: { [eventLogMemoKey]: log },
    typedSearchAttributes: [
      { key: integrationAttribute, value: 'client-onboarding' },
      { key: sourceAttribute, value: 'crm' },
      { key: recordKeyAttribute, value: name },
      { key: syncStatusAttribute, value: record.status },
      { key: firstEventAtAttribute, value: new Date(Math.min(...times)) },
      { key: lastEventAtAttribute, value: new Date(Math.max(...times)) },
      { key: eventsAcceptedAttribute, value: times.length },
      ...(record.parkedClass ? [{ key: parkedClassAttribute, value: record.parkedClass }] : []),
      ...(record.parkedReason ? [{ key: parkedReasonAttribute, value: record.parkedReason }] : []),
    ],
  });
  if (record.terminate) await handle.terminate('status-figures test');
}

async function seedIncident(name: string, open: boolean): Promise<void> {
  const handle = await client.workflow.start('incidentWorkflow', {
    taskQueue,
    workflowId: `${taskQueue}-incident-${name}`,
    args: [{}],
  });
  if (!open) await handle.terminate('status-figures test: a closed incident');
}

beforeAll(async () => {
  connected = await connectTemporalClient(
    loadEnvironment({ ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress') }),
  );
  client = connected.client;
  now = Date.now();
  for (const [name, record] of Object.entries(records)) await seed(name, record);
  await seedIncident('open', true);
  await seedIncident('closed', false);
  const seeded = Object.keys(records).length + 2;
  await waitFor('visibility to show every seeded workflow', async () => {
    const { count } = await client.workflow.count(`TaskQueue = "${taskQueue}"`);
    return count === seeded ? true : undefined;
  });
});

afterAll(async () => {
  for await (const execution of client.workflow.list({
    query: `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`,
  }))
    await client.workflow
      .getHandle(execution.workflowId)
      .terminate('status-figures test done')
      .catch(() => undefined);
  await connected?.close();
});

async function collect(): Promise<LoudwireStatus> {
  return collectStatus(client, {
    integrations: ['client-onboarding', 'support-escalation'],
    schedules: [],
    namespace: 'default',
    taskQueue,
    scheduleIdPrefix: '',
  });
}

describe('loudwire status figures', () => {
  it('has a record past the count queries, so the listing of busier records is exercised', () => {
    expect(records.sevenEvents!.eventsAt.length).toBeGreaterThan(eventCountThresholds);
  });

  it('counts records by status, parked by class, ended abnormally and new records', async () => {
    const status = await collect();
    const clientOnboarding = status.integrations.find(
      (counts) => counts.integration === 'client-onboarding',
    )!;
    expect(clientOnboarding.byStatus).toEqual({
      Received: 0,
      Synced: 3,
      Parked: 3,
      Skipped: 1,
      AwaitingApproval: 1,
      ApprovalRejected: 0,
      ApprovalExpired: 0,
      Ignored: 0,
      Archived: 0,
    });
    expect(clientOnboarding.parkedByClass).toEqual({ TargetRejected: 1, SchemaDrift: 1, RetryExhausted: 1 });
    expect(clientOnboarding.endedAbnormally).toBe(1);
    // Started now, every one (the terminated record too: it was a new record).
    expect(clientOnboarding.newRecords).toEqual({ lastHour: 9, lastDay: 9 });
    const supportEscalation = status.integrations.find(
      (counts) => counts.integration === 'support-escalation',
    )!;
    expect(Object.values(supportEscalation.byStatus).every((count) => count === 0)).toBe(true);
    expect(supportEscalation.acceptedEvents).toEqual({ lastHour: 0, lastDay: 0 });
  });

  it('counts events accepted in the last hour and day, each record by the path that sees it', async () => {
    const status = await collect();
    const events = status.integrations.find(
      (counts) => counts.integration === 'client-onboarding',
    )!.acceptedEvents;
    // Independently of the code: every seeded event, by when it was accepted.
    const all = Object.values(records).flatMap((record) => record.eventsAt);
    const lastHour = all.filter((minutesAgo) => minutesAgo * minute < hour).length;
    const lastDay = all.filter((minutesAgo) => minutesAgo * minute < 24 * hour).length;
    // 1 + 2 + 3 + 4 + 7 + 1 + 1 + 1 (terminated) in the hour; the straddlers add 1 each in the day.
    expect([lastHour, lastDay]).toEqual([20, 22]);
    expect(events).toEqual({ lastHour, lastDay });
  });

  it('counts open incidents of this task queue only', async () => {
    expect((await collect()).openIncidents).toBe(1);
  });
});
