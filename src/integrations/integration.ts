import type { z } from 'zod';
import type { AnomalyDeclaration } from '../anomaly/anomaly-declaration';
import type { ApprovalPolicyDeclaration, ApprovalSummary } from '../approvals/approval-policy';
import type { BatchIntegration } from '../batch/batch-integration';
import type { LoudwireEnvironment } from '../config/environment';
import type { ContractShape } from '../contracts/source-contract';
import type { Logger } from '../logging/logger';
import type { AnyMappingDefinition } from '../mapping/mapping-definition';
import type { MappingOutcome } from '../mapping/outcome';
import type { DeclaredSchedule } from '../schedules/declared-schedule';
import type { TargetKey } from '../systems/kit/target-resource';
import type { SystemConnections } from '../systems/system-connections';
import type { FieldOwnership, RecordLifecycle } from './record-lifecycle';
import type { TrafficDeclaration } from '../silence/expected-traffic';

export type { TargetKey };

/** A source event as the API hands it to the workflow: the webhook envelope plus its delivery metadata. */
export interface SourceEvent {
  /** The sender's event ID; redeliveries carry the same one, so the workflow dedupes on it. */
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
  /** The envelope's data, untouched: mapping happens in the worker, never on the webhook path. */
  payload: unknown;
}

/** Retry policy of writes to one target resource, in the shape the workflow hands to proxyActivities. */
export interface RetryPolicy {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

/** An integration's policy for one target resource it writes. */
export interface TargetPolicy {
  /**
   * Overrides of the system's retry settings (`<SYSTEM>_RETRY_*`) for this integration's writes to this
   * resource. Unset fields follow the system's settings.
   */
  retry?: Partial<RetryPolicy>;
  /** startToClose of one write attempt (look-up, create, read-back). @default 4 × TARGET_HTTP_TIMEOUT + 1 s */
  timeoutMs?: number;
  /**
   * Fields this integration owns on the target's records: the only ones a repair (a redrive after a destination
   * mismatch) overwrites. @default every field its mapping writes
   */
  owns?: readonly string[];
  /**
   * Who keeps each top-level field current after creation (`loudwire`, `target` or `park`, see
   * record-lifecycle.ts). The link field is never sent again. @default `loudwire` for every field written
   */
  fields?: Readonly<Record<string, FieldOwnership>>;
}

/** Settings an integration reads from the environment: a zod object whose keys are the variable names. */
export type IntegrationSettingsSchema = z.ZodObject<z.ZodRawShape>;

/** What every integration declares, whatever starts it. */
interface IntegrationBase {
  /** Stable name, used in workflow IDs, search attributes and the CLI (`client-onboarding`). */
  name: string;
  /** One sentence: what becomes what. */
  description: string;
  /** Source system, by its name in src/systems (`crm`). */
  source: string;
  /** The declarative mapping the integration runs; the CLI and the docs read the very same definition. */
  mapping: AnyMappingDefinition;
  /** Target resources written (`project-tool/projects`), in order. */
  targets: readonly TargetKey[];
  /** Per target resource: retries, timeout and owned fields. Absent: the system's retry settings. */
  targetPolicies?: Partial<Record<TargetKey, TargetPolicy>>;
  /** The integration's own settings (e.g. approval thresholds); parsed once with the environment. */
  settings?: IntegrationSettingsSchema;
  /** Temporal Schedules the integration declares (`loudwire schedules apply`). */
  schedules?(env: LoudwireEnvironment): DeclaredSchedule[];
}

/**
 * An integration driven by a source system's webhooks: one workflow per source record. Pure and deterministic,
 * so the API, the worker's local activities and the CLI all use the same definition.
 */
export interface IntegrationDefinition extends IntegrationBase {
  trigger: 'webhook';
  /** Event types this integration acts on; others are acknowledged and recorded as ignored. */
  eventTypes: readonly string[];
  /**
   * What each event type does to the record (onboard, update, archive, park). Absent: every event onboards and
   * a record is written once (the behaviour before lifecycles).
   */
  lifecycle?: RecordLifecycle;
  /**
   * Reads the record key and version from a webhook's data. Returns undefined when the payload has no usable
   * key: the API then keeps the event under an `unidentified-<event id>` record so it is parked and reported,
   * never dropped.
   */
  identify(payload: unknown): { recordKey: string; sequence?: number } | undefined;
  /** Maps a source payload (with its looked-up references, if any) into the canonical record and targets. */
  map(payload: unknown): MappingOutcome;
  /**
   * What the source promises to send. Every payload is compared with it before mapping, so a renamed, missing,
   * retyped or new field raises a schema-drift alert with the diff instead of quietly mapping to nothing.
   */
  sourceContract: ContractShape;
  /**
   * Reads what the payload refers to in other systems (e.g. the project of the ticket's company) before mapping.
   * Its result is added to the payload under `lookup`. Absent: the payload is mapped as it came.
   */
  lookup?: ReferenceLookup;
  /**
   * The traffic its source is expected to send (e.g. at least one `deal.won` per 4 business hours in its own
   * time zone), `learned` from the last 4 weeks, or `none`. A source below it raises one `SourceQuiet` alert and,
   * once it sends again, one `SourceBack` (the `silence-check` schedule). EXPECTED_TRAFFIC overrides it.
   * @default 'learned'
   */
  expectedTraffic?: TrafficDeclaration;
  /** Which mapped records wait for a human decision before their writes (docs/approvals.md). */
  approval?: {
    policies: ApprovalPolicyDeclaration;
    /** What the approval page and API show of a record: a title and labelled facts. */
    summarize(canonical: Record<string, unknown>): ApprovalSummary;
    /** Canonical fields left out of "what changed" (bookkeeping such as the source's version counter). */
    unshownChanges?: readonly string[];
  };
  /**
   * What the integration's normal records look like, learned per integration: each record is scored against it
   * before its writes and held for approval above the declared threshold (README "Predictive checks"). Needs
   * `approval` (the held record takes its first policy's route). Absent or undefined: no scoring.
   */
  anomalyChecks?(env: LoudwireEnvironment): AnomalyDeclaration | undefined;
}

/** Looks up references of a payload in connected systems; runs as an activity with the source's retries. */
export interface ReferenceLookup {
  /** One sentence for the docs: what is looked up where. */
  description: string;
  /**
   * The systems it reads, first the one whose `<SYSTEM>_RETRY_*` settings its retries follow (the slowest
   * or most rate-limited one it calls).
   */
  reads: readonly [string, ...string[]];
  /**
   * The references found, as plain JSON. Throws a ReferenceNotFound (src/integrations/reference-not-found.ts)
   * when a reference the payload names does not exist: the record is parked with that explanation. Returns `{}`
   * when the payload names nothing to look up (its contract check and mapping then report why).
   */
  run(payload: unknown, connections: SystemConnections, options: { signal: AbortSignal }): Promise<unknown>;
}

/**
 * An integration driven by a schedule: pages through a source, maps every record through the same mapping
 * layer, writes the target in idempotent batches and reconciles (src/batch).
 */
export interface BatchIntegrationDefinition extends IntegrationBase {
  trigger: 'schedule';
  /** Builds the batch runtime on the worker's system connections. */
  connect(connections: SystemConnections, env: LoudwireEnvironment, logger?: Logger): BatchIntegration;
}

/** Any registered integration. */
export type AnyIntegration = IntegrationDefinition | BatchIntegrationDefinition;
