import { ApplicationFailure } from '@temporalio/common';
import type { LoudwireEnvironment } from '../config/environment';
import type { TargetConnector } from '../connectors/target-connector';
import type { TargetSystem } from '../integrations/integration';
import { getIntegration } from '../integrations/registry';
import type { Logger } from '../logging/logger';
import type { MappingOutcome } from '../mapping/outcome';
import type { Alert } from '../alerts/alert';
import { createAlertSender } from '../alerts/alert-sender';
import type { SyncSettings } from './sync-settings';
import { toApplicationFailure } from './target-failure-to-application-failure';

export interface ActivityDependencies {
  env: LoudwireEnvironment;
  connectors: Record<TargetSystem, TargetConnector>;
  logger: Logger;
}

export interface DeliverToTargetInput {
  integration: string;
  target: TargetSystem;
  /** The target's body, already mapped and validated. */
  body: Record<string, unknown>;
  /** The source record ID, which the target stores as `external_id`. */
  externalId: string;
  /** Derived from the workflow ID, target and event: a retried attempt can never create a second record. */
  idempotencyKey: string;
  workflowId: string;
}

export interface DeliverToTargetResult {
  targetId: string;
  created: boolean;
}

/** All activities, built from their dependencies so tests can point them at sandbox vendors. */
export function createActivities({ env, connectors, logger }: ActivityDependencies) {
  const deliverAlert = createAlertSender(
    { webhookUrl: env.ALERT_WEBHOOK_URL, timeoutMs: 5_000 },
    logger.child({ channel: 'alerts' }),
  );
  return {
    /**
     * Sends one alert on every channel. Runs as a regular activity with its own retry policy (see
     * `alertActivityOptions`), so an alert survives a flaky alert endpoint and a worker crash.
     */
    async sendAlert(alert: Alert): Promise<{ channels: string[] }> {
      return deliverAlert(alert);
    },

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
        // One attempt may refresh a token and make two calls: leave room for both.
        writeTimeoutMs: env.TARGET_HTTP_TIMEOUT * 3 + 1_000,
        dedupWindowMs: env.DEDUP_WINDOW,
        continueAsNewAfterEvents: env.CONTINUE_AS_NEW_AFTER_EVENTS,
      };
    },

    /** Local activity: pure mapping and validation of one source payload. */
    async mapSourceRecord(input: { integration: string; payload: unknown }): Promise<MappingOutcome> {
      const integration = getIntegration(input.integration);
      if (!integration) {
        throw ApplicationFailure.nonRetryable(
          `Unknown integration "${input.integration}"`,
          'UnknownIntegration',
        );
      }
      return integration.map(input.payload);
    },

    /**
     * Writes one record to one target, at most once: a record already carrying this external_id is reused
     * (it survives a closed dedup window or an earlier event), and the create itself is idempotent by key.
     */
    async deliverToTarget(input: DeliverToTargetInput): Promise<DeliverToTargetResult> {
      const connector = connectors[input.target];
      const log = logger.child({
        workflowId: input.workflowId,
        target: input.target,
        externalId: input.externalId,
      });
      try {
        const existing = await connector.findByExternalId(input.externalId);
        if (existing) {
          log.info({ targetId: existing.id }, 'target already holds this record; nothing created');
          return { targetId: existing.id, created: false };
        }
        const created = await connector.create(input.body, input.idempotencyKey);
        log.info({ targetId: created.id }, 'record written');
        return { targetId: created.id, created: true };
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'write failed');
        throw toApplicationFailure(error);
      }
    },
  };
}

export type LoudwireActivities = ReturnType<typeof createActivities>;
