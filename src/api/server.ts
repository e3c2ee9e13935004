import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { approverDirectoryFromEnvironment } from '../approvals/approver-directory';
import { ConfigurationError, type LoudwireEnvironment } from '../config/environment';
import { loadEnvironmentOrExit } from '../config/load-environment-or-exit';
import type { IntegrationDefinition } from '../integrations/integration';
import { integrations as registeredIntegrations } from '../integrations/registry';
import { createLogger, type Logger } from '../logging/logger';
import { callTemporalWithin } from '../temporal/call-temporal-within';
import { connectWithBackoff } from '../temporal/connect-with-backoff';
import { systems } from '../systems/registry';
import { systemSettingVariable, webhookSecretSetting, type SystemDefinition } from '../systems/system';
import { isMainModule } from '../temporal/run-as-main';
import { reportReady } from '../temporal/report-ready';
import { createApiApp } from './app';
import { listenWithLimits } from './listen-with-limits';
import type { WebhookSource } from './webhooks/webhook-route';

export interface RunningApi {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * The webhook scheme and secret of every source that has an integration: the source system's declared scheme
 * and its `<SYSTEM>_WEBHOOK_SECRET` setting (one rule for every system, see src/config/system-settings.ts). A
 * source without a scheme or secret stops start-up with its name.
 */
export function webhookSourcesFor(
  integrations: readonly IntegrationDefinition[],
  env: LoudwireEnvironment,
  systemList: readonly SystemDefinition[] = systems,
): Map<string, WebhookSource> {
  const sources = new Map<string, WebhookSource>();
  for (const { source } of integrations) {
    const system = systemList.find((candidate) => candidate.name === source);
    const variable = systemSettingVariable(source, webhookSecretSetting);
    if (!system?.webhook) {
      throw new ConfigurationError(`Source "${source}" is not a connected system that sends webhooks`);
    }
    const secret = env.systems[source]?.[webhookSecretSetting];
    if (!secret)
      throw new ConfigurationError(`${variable} is not set (the webhook secret of source "${source}")`);
    sources.set(source, { scheme: system.webhook, secret });
  }
  return sources;
}

/**
 * Listens whether or not Temporal is reachable; resolves once the port is open. While Temporal is down, webhooks
 * get 503 with Retry-After within WEBHOOK_TEMPORAL_DEADLINE, readyz says `unreachable`, and the log says so
 * until it is back; the connection reconnects on its own.
 */
export async function startApi(env: LoudwireEnvironment, logger: Logger): Promise<RunningApi> {
  const connection = Connection.lazy({ address: env.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  const stopping = new AbortController();
  void connectWithBackoff(
    () =>
      callTemporalWithin(temporal, env.WEBHOOK_TEMPORAL_DEADLINE, () =>
        connection.workflowService.getSystemInfo({}),
      ),
    { logger, address: env.TEMPORAL_ADDRESS, connecting: 'api', signal: stopping.signal },
  ).catch(() => undefined);
  const app = createApiApp({
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    integrations: registeredIntegrations,
    webhookSources: webhookSourcesFor(registeredIntegrations, env),
    bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
    temporalDeadlineMs: env.WEBHOOK_TEMPORAL_DEADLINE,
    logger,
    approvers: approverDirectoryFromEnvironment(env),
    publicApiUrl: env.PUBLIC_API_URL,
  });
  const server = await listenWithLimits(app, env.PORT, env.API_HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    url: `http://${env.API_HOST}:${port}`,
    server,
    async close() {
      stopping.abort();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
    },
  };
}

async function main(): Promise<void> {
  const logger = createLogger('api');
  const env = loadEnvironmentOrExit(logger);
  const api = await startApi(env, logger);
  logger.info({ url: api.url, temporal: env.TEMPORAL_ADDRESS }, 'API listening');
  reportReady({ url: api.url });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'API shutting down');
    await api.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

if (isMainModule(import.meta.url)) {
  main().catch((error: unknown) => {
    createLogger('api').fatal({ error: String(error) }, 'API crashed');
    process.exit(1);
  });
}
