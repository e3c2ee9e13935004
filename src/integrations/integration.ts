import type { ContractShape } from '../contracts/source-contract';
import type { ApprovalPolicyDeclaration } from '../approvals/approval-policy';
import type { MappingOutcome } from '../mapping/outcome';

/** Names of the target systems Loudwire writes to. One connector folder per name under src/connectors. */
export const TargetSystem = {
  projectTool: 'project-tool',
  billing: 'billing',
} as const;
export type TargetSystem = (typeof TargetSystem)[keyof typeof TargetSystem];

/** A source event as the API hands it to the workflow: the webhook envelope plus its delivery metadata. */
export interface SourceEvent {
  /** The sender's event ID (`webhook-id`); redeliveries carry the same one, so the workflow dedupes on it. */
  eventId: string;
  /** Event type from the envelope, e.g. `deal.won`. */
  type: string;
  /** The sender's timestamp for the event (ISO 8601 UTC). */
  occurredAt: string;
  /**
   * Monotonic version of the source record when the sender has one; orders events of one record. Absent when
   * the payload carries none: such events apply in arrival order (src/workflows/event-order.ts).
   */
  sequence?: number;
  /** The envelope's `data`, untouched: mapping happens in the worker, never on the webhook path. */
  payload: unknown;
}

/**
 * Everything Loudwire needs to know about one integration. Pure and deterministic, so the API, the worker's
 * local activities and the CLI all use the same definition.
 */
export interface IntegrationDefinition {
  /** Stable name, used in workflow IDs, search attributes and the CLI (`client-onboarding`). */
  name: string;
  /** Source system key as it appears in `POST /webhooks/:source`. */
  source: string;
  /** Event types this integration acts on; others are acknowledged and recorded as ignored. */
  eventTypes: readonly string[];
  /** Targets written, in order. */
  targets: readonly TargetSystem[];
  /**
   * Reads the record key and version from a webhook envelope's `data`. Returns undefined when the payload has
   * no usable key: the API then keeps the event under an `unidentified-<event id>` record so it is parked and
   * reported, never dropped.
   */
  identify(payload: unknown): { recordKey: string; sequence?: number } | undefined;
  /** Maps a source payload into the canonical record and every target's record, or rejects it with reasons. */
  map(payload: unknown): MappingOutcome;
  /**
   * What the source promises to send. Every payload is compared with it before mapping, so a renamed, missing,
   * retyped or new field raises a schema-drift alert with the diff instead of quietly mapping to nothing.
   */
  sourceContract: ContractShape;
  /** Which mapped records wait for a human decision before their writes (docs/approvals.md). Absent: none do. */
  approvalPolicies?: ApprovalPolicyDeclaration;
}
