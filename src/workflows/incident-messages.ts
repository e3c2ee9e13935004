import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AlertRequest } from '../activities/create-activities';
import type { IncidentKey } from '../incidents/incident-key';

/** A parked record joins the incident of its failure (signal-with-start from the `joinIncident` activity). */
export interface IncidentJoin {
  workflowId: string;
  recordKey: string;
  /** The record's alert, redacted and bounded: the incident sends it as its opening alert when it is the first. */
  alert: AlertRequest;
}

/** Why a record left its incident. */
export const IncidentExit = {
  /** An operator redrove it (retry or a corrected payload). */
  redriven: 'redriven',
  /** An operator skipped it. */
  skipped: 'skipped',
  /** A newer event of the record replaced the parked one (and may have succeeded). */
  superseded: 'superseded',
} as const;
export type IncidentExit = (typeof IncidentExit)[keyof typeof IncidentExit];

export interface IncidentLeave {
  workflowId: string;
  exit: IncidentExit;
}

export const incidentJoinSignal = defineSignal<[IncidentJoin]>('incidentJoin');
export const incidentLeaveSignal = defineSignal<[IncidentLeave]>('incidentLeave');

/** One record listed by an incident (the first `maxListedMembers` to join). */
export interface IncidentMember {
  workflowId: string;
  recordKey: string;
  /** Workflow time (epoch ms) it joined. */
  joinedAt: number;
}

/** What an incident knows; carried across continue-as-new. */
export interface IncidentState {
  key: IncidentKey;
  /** Workflow time (epoch ms) of the opening join. */
  openedAt: number;
  /** The opening alert's message (the first record's). */
  cause: string;
  severity: 'critical' | 'warning';
  /** Records that joined so far (each counted once per stay). */
  joined: number;
  /** Short hashes of the records parked in it now (exact: the incident resolves when none is left). */
  open: string[];
  /** The first records to join, for messages and `loudwire incidents`; the rest are counted. */
  listed: IncidentMember[];
  left: Record<IncidentExit, number>;
  digests: number;
  /** Joins since the last digest (or the opening alert). */
  joinedSinceDigest: number;
  /** Workflow time (epoch ms) of the next digest. */
  nextDigestAt: number;
  /** Alerts not delivered within their retry window (see alert-delivery.ts). */
  undeliveredAlerts?: AlertRequest[];
  /** `warning`: records that did not park (warning-incident.ts); absent for incidents of parked records. */
  kind?: IncidentKind;
  /** Warning incidents: workflow time (epoch ms) a record last showed the cause. */
  lastSeenAt?: number;
  /** Warning incidents: records' events that showed the cause (a record may show it more than once). */
  sightings?: number;
  /** Warning incidents: how long without a sighting resolves it (INCIDENT_QUIET_WINDOW when it last ran). */
  quietWindowMs?: number;
  /** Warning incidents: short hashes of the records counted so far (bounded), so each counts once. */
  seen?: string[];
}

/** Incidents of records that did not park: they resolve when no record has shown the cause for a while. */
export const warningIncidentKind = 'warning';
export type IncidentKind = typeof warningIncidentKind;

export interface IncidentInput {
  key: IncidentKey;
  /** State handed over by continue-as-new; absent when the incident opens. */
  carried?: IncidentState;
  /** Joins that arrived as the previous incident of this cause resolved: they open this one. */
  joins?: IncidentJoin[];
  /** `warning` for an incident of warnings that did not park a record (warning-incident.ts). */
  kind?: IncidentKind;
}

export interface IncidentResult {
  key: IncidentKey;
  openedAt: number;
  resolvedAt: number;
  joined: number;
  left: Record<IncidentExit, number>;
  digests: number;
  listed: IncidentMember[];
  cause: string;
  kind?: IncidentKind;
  /** Warning incidents: events that showed the cause. */
  sightings?: number;
}

export const incidentStateQuery = defineQuery<IncidentState>('incidentState');

/** Records an incident lists by name; the others are counted ("… and 4,812 more"). */
export const maxListedMembers = 20;
