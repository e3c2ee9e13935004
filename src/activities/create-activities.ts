import { ApplicationFailure } from '@temporalio/common';
import { workflowUrl, type Alert } from '../alerts/alert';
import { createAlertSender } from '../alerts/alert-sender';
import type { LoudwireEnvironment } from '../config/environment';
import type { TargetConnector } from '../connectors/target-connector';
import type { TargetSystem } from '../integrations/integration';
import { getIntegration } from '../integrations/registry';
import type { Logger } from '../logging/logger';
import { checkCredentials, type CredentialHealth } from './check-credentials';
import { deliverToTarget, type DeliverToTargetInput, type DeliverToTargetResult } from './deliver-to-target';
import { boundPreparedRecord, prepareSourceRecord, type PreparedRecord } from './prepare-source-record';
import { createPreviousCredentialHealthReader } from './previous-credential-health';
import { findStuckWorkflows } from './find-stuck-workflows';
import { reportUnhandledEvent } from './report-unhandled-event';
import type { SyncSettings } from './sync-settings';
import { toApplicationFailure } from './target-failure-to-application-failure';

export interface ActivityDependencies {
  env: LoudwireEnvironment;
  connectors: Record<TargetSystem, TargetConnector>;
  logger: Logger;
}

/** An alert as a workflow raises it; the activity adds the Web UI link and the time. */
export type AlertRequest = Omit<Alert, 'workflowUrl' | 'occurredAt'>;

export type { DeliverToTargetInput, DeliverToTargetResult, PreparedRecord };

/** All activities, built from their dependencies so tests can point them at sandbox vendors. */
export function createActivities({ env, connectors, logger }: ActivityDependencies) {
  const deliverAlert = createAlertSender(
    { webhookUrl: env.ALERT_WEBHOOK_URL, timeoutMs: 5_000 },
    logger.child({ channel: 'alerts' }),
  );
  const readPreviousCredentialHealth = createPreviousCredentialHealthReader(env);
  return {
    /** Local activity: the worker's settings, recorded in history once per run. */
    async readSyncSettings(): Promise<SyncSettings> {
      return {
        retryPolicies: {
          'project-tool': {
            maximumAttempts: env.PROJECT_TOOL_RETRY_MAX_ATTEMPTS,
            initialIntervalMs: env.PROJECT_TOOL_RETRY_INITIAL_INTERVAL,
            backoffCoefficient: env.PROJECT_TOOL_RETRY_BACKOFF,
            maximumIntervalMs: env.PROJECT_TOOL_RETRY_MAX_INTERVAL,
          },
          billing: {
            maximumAttempts: env.BILLING_RETRY_MAX_ATTEMPTS,
            initialIntervalMs: env.BILLING_RETRY_INITIAL_INTERVAL,
            backoffCoefficient: env.BILLING_RETRY_BACKOFF,
            maximumIntervalMs: env.BILLING_RETRY_MAX_INTERVAL,
          },
        },
        // One attempt may refresh a token, look up, create and read back: leave room for all of them.
        writeTimeoutMs: env.TARGET_HTTP_TIMEOUT * 4 + 1_000,
        verifyWrites: env.VERIFY_WRITES,
        dedupWindowMs: env.DEDUP_WINDOW,
        continueAsNewAfterEvents: env.CONTINUE_AS_NEW_AFTER_EVENTS,
        alertRetryWindowMs: env.ALERT_RETRY_WINDOW,
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

    /** Local activity: contract check, then mapping and validation, of one source payload. Pure. */
    async prepareSourceRecord(input: { integration: string; payload: unknown }): Promise<PreparedRecord> {
      const integration = getIntegration(input.integration);
      if (!integration) {
        throw ApplicationFailure.nonRetryable(
          `Unknown integration "${input.integration}"`,
          'UnknownIntegration',
        );
      }
      return boundPreparedRecord(prepareSourceRecord(integration, input.payload));
    },

    /** Writes one record to one target at most once and verifies it landed (see deliver-to-target.ts). */
    async deliverToTarget(input: DeliverToTargetInput): Promise<DeliverToTargetResult> {
      const log = logger.child({
        workflowId: input.workflowId,
        target: input.target,
        recordKey: input.externalId,
      });
      try {
        return await deliverToTarget(connectors[input.target], input, log);
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'write failed');
        throw toApplicationFailure(error);
      }
    },

    /** The credential health of every target (for the scheduled credential health check). */
    async checkCredentials(): Promise<CredentialHealth[]> {
      return checkCredentials(connectors, env);
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
      return deliverAlert({
        ...request,
        workflowUrl: workflowUrl(env.TEMPORAL_UI_URL, env.TEMPORAL_NAMESPACE, request.workflowId),
        occurredAt: new Date().toISOString(),
      });
    },
  };
}

export type LoudwireActivities = ReturnType<typeof createActivities>;
