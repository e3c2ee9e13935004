import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { workflowUrl, type Alert } from '../alerts/alert';
import { createAlertSender } from '../alerts/alert-sender';
import type { LoudwireEnvironment } from '../config/environment';
import type { IntegrationDefinition } from '../integrations/integration';
import { ReferenceNotFound } from '../integrations/reference-not-found';
import { getIntegration } from '../integrations/registry';
import type { Logger } from '../logging/logger';
import type { SystemConnections } from '../systems/system-connections';
import type { SystemDefinition } from '../systems/system';
import { checkCredentials, type CredentialHealth } from './check-credentials';
import { deliverToTarget, type DeliverToTargetInput, type DeliverToTargetResult } from './deliver-to-target';
import { prepareSourceRecord, type PreparedRecord } from './prepare-source-record';
import { createPreviousCredentialHealthReader } from './previous-credential-health';
import { defaultWriteTimeoutMs, systemRetryPolicy, targetRetryPolicy } from './retry-policies';
import type { SyncSettings } from './sync-settings';
import { toApplicationFailure } from './target-failure-to-application-failure';

export interface ActivityDependencies {
  env: LoudwireEnvironment;
  /** Every system, connected once (src/systems/registry.ts via connectSystems). */
  connections: SystemConnections;
  /** The registered systems, for their declared credential expiry settings. */
  systems: readonly SystemDefinition[];
  logger: Logger;
}

/** An alert as a workflow raises it; the activity adds the Web UI link and the time. */
export type AlertRequest = Omit<Alert, 'workflowUrl' | 'occurredAt'>;

export type { DeliverToTargetInput, DeliverToTargetResult, PreparedRecord };

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
  return {
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
        verifyWrites: env.VERIFY_WRITES,
        dedupWindowMs: env.DEDUP_WINDOW,
        continueAsNewAfterEvents: env.CONTINUE_AS_NEW_AFTER_EVENTS,
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

    /** Local activity: contract check, then mapping and validation, of one source payload. Pure. */
    async prepareSourceRecord(input: {
      integration: string;
      payload: unknown;
      lookup?: unknown;
    }): Promise<PreparedRecord> {
      return prepareSourceRecord(integrationNamed(input.integration), input.payload, input.lookup);
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
        const owns = getIntegration(input.integration)?.targetPolicies?.[input.target]?.owns;
        return await deliverToTarget(connections.resource(input.target), input, log, owns);
      } catch (error) {
        log.warn({ error: (error as Error).message }, 'write failed');
        throw toApplicationFailure(error);
      }
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
      return deliverAlert({
        ...request,
        workflowUrl: workflowUrl(env.TEMPORAL_UI_URL, env.TEMPORAL_NAMESPACE, request.workflowId),
        occurredAt: new Date().toISOString(),
      });
    },
  };
}

export type LoudwireActivities = ReturnType<typeof createActivities>;
