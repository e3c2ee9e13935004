import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { workflowUrl, type Alert } from '../alerts/alert';
import { createAlertSender } from '../alerts/alert-sender';
import type { LoudwireEnvironment } from '../config/environment';
import type { IntegrationDefinition } from '../integrations/integration';
import type { TargetKey } from '../systems/kit/target-resource';
import { ReferenceNotFound } from '../integrations/reference-not-found';
import { getIntegration, integrations } from '../integrations/registry';
import type { Logger } from '../logging/logger';
import type { SystemConnections } from '../systems/system-connections';
import type { SystemDefinition } from '../systems/system';
import { checkCredentials, type CredentialHealth } from './check-credentials';
import { deliverToTarget, type DeliverToTargetInput, type DeliverToTargetResult } from './deliver-to-target';
import { boundPreparedRecord, prepareSourceRecord, type PreparedRecord } from './prepare-source-record';
import { createApprovalActivities, type EvaluateApprovalResult } from './approval-activities';
import { isBreaking } from '../contracts/source-contract';
import { createPreviousRecordRunReader, type PreviousRecordRun } from './previous-record-run';
import { createRecordRunStart, type RecordRunStart } from './record-run-start';
import {
  updateTargetRecord,
  type UpdateTargetRecordInput,
  type UpdateTargetRecordResult,
} from './update-target-record';
import { createPreviousCredentialHealthReader } from './previous-credential-health';
import { findStuckWorkflows } from './find-stuck-workflows';
import { createIncidentActivities } from './incident-activities';
import { createWarningIncidentActivities } from './warning-incident-activities';
import { createSourceTrafficCheck } from './check-source-traffic';
import { reportUnhandledEvent } from './report-unhandled-event';
import { defaultWriteTimeoutMs, systemRetryPolicy, targetRetryPolicy } from './retry-policies';
import type { SyncSettings } from './sync-settings';
import type { AnomalyDeclaration } from '../anomaly/anomaly-declaration';
import { toApplicationFailure } from './target-failure-to-application-failure';
import { alertDeliverySeconds, timed } from '../observability/loudwire-metrics';
import { deliveryOutcome, timeTargetWrite, updateOutcome } from '../observability/target-write-metrics';
import { DestinationBackoff } from '../flow-control/destination-backoff';
import { writeAttemptBudget } from '../flow-control/write-attempt-budget';
import { backoffDestinationOf, writeTaskQueuesOf } from '../flow-control/destination-task-queues';

export interface ActivityDependencies {
  env: LoudwireEnvironment;
  /** Every system, connected once (src/systems/registry.ts via connectSystems). */
  connections: SystemConnections;
  /** The registered systems, for their declared credential expiry settings. */
  systems: readonly SystemDefinition[];
  logger: Logger;
}

/** A prepared record, with its approval policy's verdict when the workflow asked for it (`approvalFor`). */
export interface PreparedRecordWithApproval extends PreparedRecord {
  approval?: EvaluateApprovalResult;
}

/** An alert as a workflow raises it; the activity adds the Web UI link and the time. */
export type AlertRequest = Omit<Alert, 'workflowUrl' | 'occurredAt'>;

export type {
  DeliverToTargetInput,
  DeliverToTargetResult,
  PreparedRecord,
  PreviousRecordRun,
  RecordRunStart,
  UpdateTargetRecordInput,
  UpdateTargetRecordResult,
};

function integrationNamed(name: string): IntegrationDefinition {
  const integration = getIntegration(name);
  if (!integration)
    throw ApplicationFailure.nonRetryable(`Unknown integration "${name}"`, 'UnknownIntegration');
  return integration;
}

/** All activities, built from their dependencies so tests can point them at sandbox vendors. */
export function createActivities({ env, connections, systems, logger }: ActivityDependencies) {
  const deliverAlert = createAlertSender(
    { webhookUrl: env.ALERT_WEBHOOK_URL, timeoutMs: 5_000 },
    logger.child({ channel: 'alerts' }),
  );
  const readPreviousCredentialHealth = createPreviousCredentialHealthReader(env);
  const readPreviousRun = createPreviousRecordRunReader(env);
  const approvalPolicy = createApprovalActivities({ env });
  // A vendor's 429 pauses writes to its system in this worker instead of spending each record's attempts.
  const backoff = new DestinationBackoff((destination, pauseMs) =>
    logger.warn({ destination, pauseMs }, 'destination rate limited (429): its writes wait out Retry-After'),
  );
  const activities = {
    /**
     * Local activity: the worker's settings for one integration's records (retry policy and timeout per target
     * resource, look-up policy), recorded in history once per run.
     */
    async readSyncSettings(input?: { integration: string }): Promise<SyncSettings> {
      const integration = input ? getIntegration(input.integration) : undefined;
      const writeTimeouts = Object.fromEntries(
        Object.entries(integration?.targetPolicies ?? {}).flatMap(([target, policy]) =>
          policy?.timeoutMs === undefined ? [] : [[target, policy.timeoutMs]],
        ),
      );
      return {
        retryPolicies: Object.fromEntries(
          (integration?.targets ?? []).map((target) => [
            target,
            targetRetryPolicy(env, integration!, target),
          ]),
        ),
        writeTimeoutMs: defaultWriteTimeoutMs(env),
        ...(Object.keys(writeTimeouts).length > 0 ? { writeTimeouts } : {}),
        ...withWriteTaskQueues(writeTaskQueuesOf(env, integration?.targets ?? [])),
        verifyWrites: env.VERIFY_WRITES,
        ...(integration?.lifecycle ? { lifecycle: integration.lifecycle } : {}),
        dedupWindowMs: env.DEDUP_WINDOW,
        continueAsNewAfterEvents: env.CONTINUE_AS_NEW_AFTER_EVENTS,
        alertRetryWindowMs: env.ALERT_RETRY_WINDOW,
        ...anomalySettingsOf(integration?.anomalyChecks?.(env)),
        ...(integration?.lookup
          ? {
              lookup: {
                retry: systemRetryPolicy(env, integration.lookup.reads[0]),
                timeoutMs: defaultWriteTimeoutMs(env),
              },
            }
          : {}),
      };
    },

    /** Local activity: how long unhandled events are kept and how often their type alerts. */
    async readUnhandledEventSettings() {
      return {
        retentionMs: env.UNHANDLED_EVENT_RETENTION,
        alertWindowMs: env.UNHANDLED_EVENT_ALERT_WINDOW,
        alertRetryWindowMs: env.ALERT_RETRY_WINDOW,
      };
    },

    reportUnhandledEvent,
    findStuckWorkflows,
    ...createIncidentActivities(env),
    ...createWarningIncidentActivities(),
    /** How each source's traffic compares with what its integration expects (silence-check-workflow.ts). */
    checkSourceTraffic: createSourceTrafficCheck(env, integrations),

    /**
     * Local activity: contract check, then mapping and validation, of one source payload. Pure. With
     * `approvalFor`, a record mapped without problems also gets its approval policy evaluated, as
     * `evaluateApprovalPolicy` would for a first version (one marker and round trip fewer per new record).
     */
    async prepareSourceRecord(input: {
      integration: string;
      payload: unknown;
      lookup?: unknown;
      approvalFor?: { workflowId: string };
    }): Promise<PreparedRecordWithApproval> {
      const prepared = boundPreparedRecord(
        prepareSourceRecord(integrationNamed(input.integration), input.payload, input.lookup),
      );
      const mapped = prepared.outcome?.status === 'ok' ? prepared.outcome : undefined;
      if (!input.approvalFor || !mapped || prepared.contractChanges.some(isBreaking)) return prepared;
      const approval = await approvalPolicy.evaluateApprovalPolicy({
        integration: input.integration,
        workflowId: input.approvalFor.workflowId,
        canonical: mapped.canonical,
        warnings: mapped.warnings,
      });
      return { ...prepared, approval };
    },

    /**
     * Looks up what a payload refers to in other systems (the integration's `lookup`), before it is mapped. A
     * reference that does not exist is a non-retryable ReferenceNotFound: the record parks with the explanation.
     */
    async lookupReferences(input: {
      integration: string;
      workflowId: string;
      payload: unknown;
    }): Promise<unknown> {
      const integration = integrationNamed(input.integration);
      const log = logger.child({ workflowId: input.workflowId, integration: input.integration });
      try {
        return (
          (await integration.lookup?.run(input.payload, connections, {
            signal: Context.current().cancellationSignal,
          })) ?? {}
        );
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'look-up failed');
        if (error instanceof ReferenceNotFound) {
          throw ApplicationFailure.nonRetryable(error.message, ReferenceNotFound.type);
        }
        throw toApplicationFailure(error);
      }
    },

    /** Writes one record to one target resource at most once and verifies it landed (see deliver-to-target.ts). */
    async deliverToTarget(input: DeliverToTargetInput): Promise<DeliverToTargetResult> {
      const log = logger.child({
        workflowId: input.workflowId,
        target: input.target,
        recordKey: input.externalId,
      });
      try {
        const target = currentTargetKey(input.integration, input.target);
        const policy = getIntegration(input.integration)?.targetPolicies?.[target];
        return await timeTargetWrite(target, deliveryOutcome, () =>
          backoff.run(backoffDestinationOf(env, target), writeAttemptBudget(env), () =>
            deliverToTarget(
              connections.resource(target),
              { ...input, target },
              log,
              policy?.owns,
              policy?.fields,
            ),
          ),
        );
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'write failed');
        throw toApplicationFailure(error);
      }
    },

    /**
     * Brings a record Loudwire created up to a later source version: field-level diff by declared ownership,
     * only changed fields sent, read back and verified (see update-target-record.ts).
     */
    async updateTargetRecord(input: UpdateTargetRecordInput): Promise<UpdateTargetRecordResult> {
      const log = logger.child({
        workflowId: input.workflowId,
        target: input.target,
        recordKey: input.externalId,
      });
      try {
        const ownership = getIntegration(input.integration)?.targetPolicies?.[input.target]?.fields;
        return await timeTargetWrite(input.target, updateOutcome, () =>
          backoff.run(backoffDestinationOf(env, input.target), writeAttemptBudget(env), () =>
            updateTargetRecord(connections.resource(input.target), input, log, ownership),
          ),
        );
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'update failed');
        throw toApplicationFailure(error);
      }
    },

    /**
     * What the record's last completed run left behind (event IDs, version, target records and what was written
     * to them), so a resend after the dedup window is recognised as a duplicate or an update.
     */
    async readPreviousRecordRun(input: {
      workflowId: string;
      runId: string;
    }): Promise<PreviousRecordRun | undefined> {
      return readPreviousRun(input.workflowId, input.runId);
    },

    /** The credential health of every connected system (for the scheduled credential health check). */
    async checkCredentials(): Promise<CredentialHealth[]> {
      return checkCredentials(connections, systems, env);
    },

    /** What the previous credential health run found, so the check alerts on changes only. */
    async readPreviousCredentialHealth(): Promise<CredentialHealth[] | undefined> {
      return readPreviousCredentialHealth();
    },

    /**
     * Sends one alert on every channel. A regular activity with its own retry policy (see
     * alert-activity-options.ts), so an alert survives a flaky alert endpoint and a worker crash.
     */
    async sendAlert(request: AlertRequest): Promise<{ channels: string[] }> {
      const outcome = (result: object) => ('error' in result ? 'failed' : 'delivered');
      return timed(alertDeliverySeconds, {}, outcome, () =>
        deliverAlert({
          ...request,
          workflowUrl: workflowUrl(env.TEMPORAL_UI_URL, env.TEMPORAL_NAMESPACE, request.workflowId),
          occurredAt: new Date().toISOString(),
        }),
      );
    },
  };
  return { ...activities, startRecordRun: createRecordRunStart(activities) };
}

export type LoudwireActivities = ReturnType<typeof createActivities>;

/** Only when some target is rate-limited, so the settings of everything else stay as they were recorded. */
function withWriteTaskQueues(queues: Record<string, string>): Pick<SyncSettings, 'writeTaskQueues'> {
  return Object.keys(queues).length > 0 ? { writeTaskQueues: queues } : {};
}

/**
 * Records opened before targets named their resource (release 2af7b8e) replay mapping results keyed by system
 * (`project-tool`) and so ask to write to that: the integration's one target on that system. Found by the
 * upgrade test (test/upgrade), where such a record was approved after the deploy.
 */
function currentTargetKey(integrationName: string, target: string): TargetKey {
  if (target.includes('/')) return target as TargetKey;
  const integration = getIntegration(integrationName);
  const matching = integration?.targets.filter((key) => key.startsWith(`${target}/`)) ?? [];
  if (matching.length !== 1) {
    throw ApplicationFailure.nonRetryable(
      `Target "${target}" of ${integrationName} names a system, and ${matching.length} of its targets are on it`,
      'UnknownTarget',
    );
  }
  return matching[0]!;
}

/** The predictive checks' part of a record's settings (absent when the integration's checks are off). */
function anomalySettingsOf(declaration: AnomalyDeclaration | undefined): Partial<SyncSettings> {
  if (!declaration) return {};
  return {
    anomalyChecks: true,
    ...(declaration.baselineWaitMs !== undefined
      ? { anomalyBaselineWaitMs: declaration.baselineWaitMs }
      : {}),
  };
}
