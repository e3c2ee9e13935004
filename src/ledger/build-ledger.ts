import type { Client } from '@temporalio/client';
import type { SourceDelivery } from '../systems/system';
import {
  accountRecordEvents,
  openLedgerStates,
  summarizesWindow,
  type AccountedEvent,
} from './account-events';
import { readRecordEventLogs, readUnhandledEventLogs } from './record-event-logs';
import { reconcileDeliveries, type SourceReconciliation } from './reconcile-deliveries';

/** What `loudwire ledger` reports: where every event accepted in the window ended. */
export interface Ledger {
  generatedAt: string;
  since: string;
  taskQueue: string;
  integration?: string;
  /** Events accepted in the window (duplicates and ignored types included). */
  accepted: number;
  /** Accepted events by where they ended; `unaccounted` is never among them. */
  byState: Record<string, number>;
  /** Accepted events that ended nowhere the ledger knows: must be 0. */
  unaccounted: number;
  unaccountedEvents: AccountedEvent[];
  /** Events in an open state (parked, awaiting approval, in progress), with their records. */
  open: AccountedEvent[];
  /** Records whose memo only counts some of the window's events (more than it lists one by one). */
  summarizedRecords: { workflowId: string; earlierCount: number }[];
  /** One per source that keeps a delivery log. */
  reconciliation: SourceReconciliation[];
  elapsedMs: number;
}

/** A source system whose delivery log can be read, and the event types in scope for it. */
export interface DeliveryLogSource {
  source: string;
  readDeliveries(since: Date): Promise<SourceDelivery[]>;
  inScope(eventType: string): boolean;
}

/** How far before the window the source's log is read (see reconcileDeliveries). */
const deliveryLogLookBackMs = 86_400_000;

/** Reads every event log of the window and the sources' delivery logs concurrently, and accounts for them. */
export async function buildLedger(
  client: Client,
  options: {
    taskQueue: string;
    since: Date;
    integration?: string;
    /** Sources whose unhandled event types count (those of the integrations in scope). */
    sources: readonly string[];
    deliveryLogs: readonly DeliveryLogSource[];
  },
): Promise<Ledger> {
  const startedAt = performance.now();
  const generatedAt = new Date();
  const [records, unhandled, deliveryLogs] = await Promise.all([
    readRecordEventLogs(client, options),
    readUnhandledEventLogs(client, options),
    Promise.all(
      options.deliveryLogs.map(async (log) => {
        try {
          const since = new Date(options.since.getTime() - deliveryLogLookBackMs);
          return { log, deliveries: await log.readDeliveries(since) };
        } catch (error) {
          return { log, error: (error as Error).message };
        }
      }),
    ),
  ]);
  const views = [...records, ...unhandled];
  const events = views.flatMap((view) => accountRecordEvents(view, options.since));
  const byState: Record<string, number> = {};
  const unaccountedEvents: AccountedEvent[] = [];
  for (const event of events) {
    if (event.state === 'unaccounted') unaccountedEvents.push(event);
    else byState[event.state] = (byState[event.state] ?? 0) + 1;
  }
  const reconciliation = deliveryLogs.map((read): SourceReconciliation => {
    const fromSource = (view: { source: string }) => view.source === read.log.source;
    if ('error' in read) {
      return {
        source: read.log.source,
        logged: 0,
        delivered: 0,
        pending: 0,
        deliveredNotAccepted: [],
        failed: [],
        acceptedNotDelivered: [],
        error: read.error ?? 'unknown error',
      };
    }
    return reconcileDeliveries({
      source: read.log.source,
      since: options.since,
      deliveries: read.deliveries ?? [],
      accepted: events.filter((event) => fromSource(event) && read.log.inScope(event.type)),
      knownEventIds: new Set(
        views.filter(fromSource).flatMap((view) => view.log.entries.map(([eventId]) => eventId)),
      ),
      inScope: read.log.inScope,
    });
  });
  return {
    generatedAt: generatedAt.toISOString(),
    since: options.since.toISOString(),
    taskQueue: options.taskQueue,
    ...(options.integration ? { integration: options.integration } : {}),
    accepted: events.length,
    byState,
    unaccounted: unaccountedEvents.length,
    unaccountedEvents,
    open: events.filter((event) => (openLedgerStates as string[]).includes(event.state)),
    summarizedRecords: views
      .filter((view) => summarizesWindow(view, options.since))
      .map((view) => ({ workflowId: view.workflowId, earlierCount: view.log.earlier?.count ?? 0 })),
    reconciliation,
    elapsedMs: Math.round(performance.now() - startedAt),
  };
}
