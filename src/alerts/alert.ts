/** What went wrong, as named in every alert. Stable strings: sinks and operators filter on them. */
export const AlertClass = {
  /** A write kept failing until its retry budget ran out. */
  retryExhausted: 'RetryExhausted',
  /** A target answered 2xx with an error in its body. */
  errorInSuccessBody: 'ErrorInSuccessBody',
  /** A target refused our credentials (expired or revoked). */
  credentialsRejected: 'CredentialsRejected',
  /** A target refused the record itself (4xx / validation). */
  targetRejected: 'TargetRejected',
  /** The source sent an event with nothing in it. */
  emptyPayload: 'EmptyPayload',
  /** The source's payload no longer matches its contract. */
  schemaDrift: 'SchemaDrift',
  /** The record cannot be mapped to the canonical schema or a target's constraints. */
  recordRejected: 'RecordRejected',
  /** Read back after a write, the target does not hold what was written. */
  destinationMismatch: 'DestinationMismatch',
  /**
   * A look-up by external ID found several records carrying it (src/systems/kit/exact-lookup.ts); they are named,
   * nothing was written, and a redrive never touches a record whose external ID differs.
   */
  ambiguousTarget: 'AmbiguousTarget',
  /** A record names something another system does not hold (e.g. a ticket's company has no project). */
  referenceNotFound: 'ReferenceNotFound',
  /** A credential health check failed or found a credential close to expiry. */
  credentialHealth: 'CredentialHealth',
  /** A record waits for a human decision (see docs/approvals.md); the alert links to the approval page. */
  approvalRequested: 'ApprovalRequested',
  /** Nobody decided within the first group's timeout: the approval moved to the escalation group. */
  approvalEscalated: 'ApprovalEscalated',
  /** Nobody decided before the last timeout: the policy rejected or parked the record. */
  approvalExpired: 'ApprovalExpired',
  /** After a batch sync, the destination does not hold what the source had (counts or checksums differ). */
  reconciliationMismatch: 'ReconciliationMismatch',
  /** A field Loudwire owns on a target was changed there since Loudwire last wrote it (README "When a record changes"). */
  targetDrifted: 'TargetDrifted',
  /** The source record changed in a way only a person can settle (a won deal reopened): parked for a decision. */
  needsDecision: 'NeedsDecision',
  /** The source record left the business (a lost deal): its target records were archived for a person to follow up. */
  recordArchived: 'RecordArchived',
  /** A past batch window's total changed when it was reconciled again (late source data): the target was corrected. */
  batchCorrected: 'BatchCorrected',
  /** A batch sync's source returned nothing where earlier runs returned data. */
  emptySource: 'EmptySource',
  /** A source sent events of a type no integration handles (they are kept; one alert per type per window). */
  unhandledEventType: 'UnhandledEventType',
  /** A workflow's task keeps failing (nondeterminism, a bug, an undecodable payload): found from outside it. */
  stuckWorkflow: 'StuckWorkflow',
  /**
   * Records past their baseline's cold start could not be scored (the baseline did not answer within
   * ANOMALY_BASELINE_WAIT): each is held for approval; the records of one outage share one incident and alert.
   */
  anomalyCheckUnavailable: 'AnomalyCheckUnavailable',
  /** A field's presence rate or category mix shifted sharply across an integration's records (one per field). */
  populationDrift: 'PopulationDrift',
  /** An incident (records parked by one cause, src/workflows/incident-workflow.ts) is still open: counts, members. */
  incidentDigest: 'IncidentDigest',
  /** Every record of an incident was redriven, skipped or superseded: the incident is closed. */
  incidentResolved: 'IncidentResolved',
  /** A source sent less than its integration expects (declared or learned): it may have stopped sending. */
  sourceQuiet: 'SourceQuiet',
  /** A source that had gone quiet sends again. */
  sourceBack: 'SourceBack',
} as const;
export type AlertClass = (typeof AlertClass)[keyof typeof AlertClass];

export interface Alert {
  /** Identifies the incident: the same incident never raises two alerts, and sinks can dedupe on it. */
  incidentId: string;
  alertClass: AlertClass;
  severity: 'critical' | 'warning';
  integration: string;
  recordKey: string;
  workflowId: string;
  /** Link to the workflow in the Temporal Web UI. */
  workflowUrl: string;
  message: string;
  /** The offending payload, with sensitive fields redacted before it leaves the worker. */
  payload?: unknown;
  /** Class-specific facts: a contract diff, the mismatching fields, the HTTP status. */
  details?: unknown;
  /** ISO 8601 UTC. */
  occurredAt: string;
}

/** The Web UI page of a workflow. */
export function workflowUrl(uiBaseUrl: string, namespace: string, workflowId: string): string {
  const base = uiBaseUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
