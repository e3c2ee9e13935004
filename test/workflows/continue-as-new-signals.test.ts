import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery, type RecordSyncState } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Events arriving while a record continues as new. When one lands during the workflow task that continues as
// new, the server fails that task (UnhandledCommand) and the worker replays it with the event; the event must then
// be processed, or carried to the next run, never dropped. Each round counts such races in the record's histories
// (printed at the end): on 2026-12-01, 10 rounds saw 6 of them and lost no event.

let stack: LoudwireTestStack;

// How many rounds to race; LOUDWIRE_CAN_RACE_ROUNDS raises it to hunt the race on a loaded machine.
const rounds = Number(process.env.LOUDWIRE_CAN_RACE_ROUNDS ?? 3);

beforeAll(async () => {
  // A tiny history budget: the record continues as new after almost every event, so events sent back to back
  // keep arriving while the workflow task that continues as new is in flight.
  stack = await startLoudwireTestStack({ CONTINUE_AS_NEW_AFTER_EVENTS: '20' });
  await stack.startWorker();
});
afterAll(async () => {
  // Whether the race this file is about happened: a workflow task that continued as new, failed by the server
  // because an event arrived meanwhile (it is retried with the event; the event must not be lost).
  console.info(`continue-as-new tasks failed by an arriving event (UnhandledCommand): ${raced}`);
  await stack?.close();
});

let raced = 0;

/** How many workflow tasks of the record's runs the server failed with UnhandledCommand. */
async function unhandledCommandFailures(workflowId: string): Promise<number> {
  let failures = 0;
  for (const run of await runsOf(workflowId)) {
    const history = await stack.temporal.workflow.getHandle(workflowId, run).fetchHistory();
    failures += (history.events ?? []).filter(
      (event) =>
        event.workflowTaskFailedEventAttributes?.cause ===
        proto.temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
    ).length;
  }
  return failures;
}

async function runsOf(workflowId: string): Promise<string[]> {
  const runs: string[] = [];
  for await (const execution of stack.temporal.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs.push(execution.runId);
  }
  return runs;
}

/** POSTs an event the way a sender does: a 503 (Temporal slow to answer) is retried with the same event ID. */
async function deliver(body: unknown): Promise<string> {
  let eventId: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const response = await postSignedWebhook(
      `${stack.apiUrl}/webhooks/crm`,
      body,
      eventId ? { eventId } : {},
    );
    eventId = response.eventId;
    if (response.status === 202) return eventId;
    expect(response.status, 'only a 503 is retried').toBe(503);
    if (attempt === 5) throw new Error(`event ${eventId} still refused after 5 attempts`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('continue-as-new while events keep arriving', () => {
  it.each(Array.from({ length: rounds }, (_, round) => round + 1))(
    'round %i: every event sent during continue-as-new is carried to the next run',
    async () => {
      const first = dealWonEnvelope({ version: 1 });
      const dealId = first.data.deal.id;
      const sent: string[] = [];
      sent.push(await deliver(first));
      const workflowId = `client-onboarding:crm:${dealId}`;
      const firstRunId = (await stack.temporal.workflow.getHandle(workflowId).describe()).runId;
      const lastVersion = 24;
      // Events one or two at a time, 20–200 ms apart: they keep landing while the record processes an event or
      // runs the workflow task that continues it as new.
      for (let version = 2; version <= lastVersion;) {
        const batch =
          Math.random() < 0.5 ? [version] : [version, version + 1].filter((v) => v <= lastVersion);
        version += batch.length;
        sent.push(...(await Promise.all(batch.map((v) => deliver(dealWonEnvelope({ dealId, version: v }))))));
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 180));
      }

      const query = () => stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      // Settled: every event accounted for (applied, or stale: an older version overtaken by a newer one).
      const settled = (state: RecordSyncState) =>
        state.lastSequence === lastVersion &&
        state.pendingEvents.length === 0 &&
        state.counts.received === sent.length &&
        state.counts.processed + state.counts.stale === sent.length;
      let state: RecordSyncState;
      try {
        state = await waitFor(
          'every event accounted for',
          async () => {
            const current = await query();
            return settled(current) ? current : undefined;
          },
          60_000,
        );
      } catch (error) {
        const last = await query();
        throw new Error(
          `${String(error)}; last state: lastSequence ${last.lastSequence}, pending ${last.pendingEvents.length}, ` +
            `seen ${sent.filter((id) => last.seenEventIds.includes(id)).length}/${sent.length}, ` +
            `counts ${JSON.stringify(last.counts)}`,
        );
      }
      const missing = sent.filter((eventId) => !state.seenEventIds.includes(eventId));
      expect(missing, 'events acknowledged with 202 but unknown to the record').toEqual([]);
      const { runId } = await stack.temporal.workflow.getHandle(workflowId).describe();
      expect(runId, 'the record continued as new at least once').not.toBe(firstRunId);
      raced += await unhandledCommandFailures(workflowId);
    },
    90_000,
  );
});
