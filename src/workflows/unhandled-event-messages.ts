import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SourceEvent } from '../integrations/integration';

/** Input of the workflow that keeps one event no integration handles. */
export interface UnhandledEventInput {
  source: string;
  event: SourceEvent;
}

/** What the kept event's workflow answers: the event as accepted, ready to be replayed once a handler exists. */
export interface KeptUnhandledEvent extends UnhandledEventInput {
  /** Workflow time (epoch ms) it is kept until. */
  keptUntil: number;
}

export const unhandledEventQuery = defineQuery<KeptUnhandledEvent>('unhandledEvent');

/** Input of the workflow that alerts once per window about one source's unhandled event type. */
export interface UnhandledEventAlertsInput {
  source: string;
  type: string;
}

/** One more event of the type arrived (sent by the kept event's workflow through an activity). */
export interface UnhandledEventSeen {
  eventId: string;
  workflowId: string;
}

export const unhandledEventSeenSignal = defineSignal<[UnhandledEventSeen]>('unhandledEventSeen');

/** One workflow per kept event: redeliveries of the same event find it and keep nothing twice. */
export function unhandledEventWorkflowId(source: string, eventId: string): string {
  return `unhandled:${source}:${safeIdPart(eventId)}`;
}

/** One alerting workflow per source and event type at a time. */
export function unhandledEventAlertsWorkflowId(source: string, type: string): string {
  return `unhandled-alerts:${source}:${safeIdPart(type)}`;
}

function safeIdPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
}
