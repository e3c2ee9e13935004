import type { Server, ServerResponse } from 'node:http';
import { approverDirectoryFromEnvironment } from '../approvals/approver-directory';
import { ConfigurationError, type LoudwireEnvironment } from '../config/environment';
import { loadEnvironmentOrExit } from '../config/load-environment-or-exit';
import type { IntegrationDefinition } from '../integrations/integration';
import { integrations as registeredIntegrations } from '../integrations/registry';
import { createLogger, type Logger } from '../logging/logger';
import { installTracing } from '../observability/tracing';
import { callTemporalWithin } from '../temporal/call-temporal-within';
import { connectWithBackoff } from '../temporal/connect-with-backoff';
import { systems } from '../systems/registry';
import { systemSettingVariable, webhookSecretSetting, type SystemDefinition } from '../systems/system';
import { lazyTemporalClient } from '../temporal/connect-temporal-client';
import { isMainModule } from '../temporal/run-as-main';
import {
  describeTemporalConnection,
  temporalConnectionSettings,
} from '../temporal/temporal-connection-options';
import { reportReady } from '../temporal/report-ready';
import { createApiApp, type ApiAppOptions } from './app';
import { listenWithLimits } from './listen-with-limits';
import type { WebhookSource } from './webhooks/webhook-route';

export interface RunningApi {
  url: string;
  server: Server;
  close(): Promise<void>;
  /**
   * Graceful stop: readyz answers 503 at once, the API keeps serving for `delayMs` (so load balancers see it
   * and stop sending), then refuses new connections, lets in-flight requests finish for up to `graceMs`, cuts
   * what is left, and closes the Temporal connection. A webhook answered 202 before this was durable already;
   * one cut mid-flight got no 202, so its sender retries.
   */
  drain(options: { delayMs: number; graceMs: number }): Promise<void>;
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

/** The codec server's keys, operators and the browser origins (the Web UI's) it answers. */
export function codecServerOptions(env: LoudwireEnvironment): ApiAppOptions['codec'] {
  return {
    keys: env.PAYLOAD_ENCRYPTION_KEYS,
    operators: env.CODEC_OPERATOR_TOKENS,
    corsOrigins: env.CODEC_CORS_ORIGINS ?? [new URL(env.TEMPORAL_UI_URL).origin],
  };
}

/**
 * Listens whether or not Temporal is reachable; resolves once the port is open. While Temporal is down, webhooks
 * get 503 with Retry-After within WEBHOOK_TEMPORAL_DEADLINE, readyz says `unreachable`, and the log says so
 * until it is back; the connection reconnects on its own.
 */
export async function startApi(env: LoudwireEnvironment, logger: Logger): Promise<RunningApi> {
  const { client: temporal, connection, close: closeTemporal } = lazyTemporalClient(env);
  const stopping = new AbortController();
  let shuttingDown = false;
  void connectWithBackoff(
    () =>
      callTemporalWithin(temporal, env.WEBHOOK_TEMPORAL_DEADLINE, () =>
        connection.workflowService.getSystemInfo({}),
      ),
    {
      logger,
      address: temporalConnectionSettings(env).address,
      connecting: 'api',
      signal: stopping.signal,
    },
  ).catch(() => undefined);
  const app = createApiApp({
    temporal,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    integrations: registeredIntegrations,
    webhookSources: webhookSourcesFor(registeredIntegrations, env),
    bodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
    temporalDeadlineMs: env.WEBHOOK_TEMPORAL_DEADLINE,
    webhookMaxInFlight: env.WEBHOOK_MAX_IN_FLIGHT,
    webhookLatencyTargetMs: env.WEBHOOK_LATENCY_TARGET,
    logger,
    approvers: approverDirectoryFromEnvironment(env),
    publicApiUrl: env.PUBLIC_API_URL,
    codec: codecServerOptions(env),
    isShuttingDown: () => shuttingDown,
    metricsVisibilityCacheMs: env.METRICS_VISIBILITY_CACHE,
  });
  const server = await listenWithLimits(app, env.PORT, env.API_HOST);
  // While draining, every answer closes its connection: a keep-alive client cannot hold the shutdown open.
  server.prependListener('request', (_request, response: ServerResponse) => {
    if (shuttingDown && !response.headersSent) response.setHeader('connection', 'close');
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    url: `http://${env.API_HOST}:${port}`,
    server,
    async close() {
      stopping.abort();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeTemporal();
    },
    async drain({ delayMs, graceMs }) {
      shuttingDown = true;
      stopping.abort();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        logger.warn({ graceMs }, 'in-flight requests outlived the shutdown grace: closing their connections');
        server.closeAllConnections();
      }, graceMs);
      await closed;
      clearTimeout(deadline);
      await closeTemporal();
    },
  };
}

async function main(): Promise<void> {
  const logger = createLogger('api');
  const env = loadEnvironmentOrExit(logger);
  const tracing = installTracing(env, 'loudwire-api');
  const api = await startApi(env, logger);
  logger.info(
    { url: api.url, temporal: describeTemporalConnection(temporalConnectionSettings(env)) },
    'API listening',
  );
  reportReady({ url: api.url });
  const shutdown = async (signal: string) => {
    logger.info(
      { signal, delayMs: env.API_SHUTDOWN_DELAY, graceMs: env.API_SHUTDOWN_GRACE },
      'API shutting down: readyz 503, draining in-flight requests',
    );
    await api.drain({ delayMs: env.API_SHUTDOWN_DELAY, graceMs: env.API_SHUTDOWN_GRACE });
    await tracing.shutdown(); // spans still buffered for the collector
    logger.info('API stopped');
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
