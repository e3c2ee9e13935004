import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { TelemetryOptions } from '@temporalio/worker';
import type { LoudwireEnvironment } from '../config/environment';
import type { Logger } from '../logging/logger';
import { metricsRegistry } from './loudwire-metrics';
import { metricsExposition, prometheusContentType } from './metrics-endpoint';

export interface WorkerMetricsServerOptions {
  host: string;
  port: number;
  /** Where the Temporal SDK's own Prometheus exporter listens (`127.0.0.1:PORT`), proxied into `/metrics`. */
  sdkMetricsAddress?: string;
  logger: Logger;
}

/**
 * The worker's `/metrics` (WORKER_METRICS_HOST:WORKER_METRICS_PORT): Loudwire's metrics plus the Temporal SDK's
 * runtime metrics. The SDK serves its metrics from its own Rust exporter on a bind address of its own; rather
 * than ask operators to scrape two ports, this server reads that exporter on each scrape and appends its text.
 * If the SDK exporter cannot be read, `/metrics` still answers with Loudwire's metrics and says so in a comment.
 */
export async function startWorkerMetricsServer(options: WorkerMetricsServerOptions): Promise<Server> {
  const readSdkMetrics = async (): Promise<string> => {
    if (!options.sdkMetricsAddress) return '';
    try {
      const response = await fetch(`http://${options.sdkMetricsAddress}/metrics`, {
        signal: AbortSignal.timeout(2_000),
      });
      return await response.text();
    } catch (error) {
      options.logger.warn({ error: String(error) }, 'metrics: Temporal SDK metrics unavailable');
      return '# Temporal SDK metrics unavailable on this scrape\n';
    }
  };
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here\n');
      return;
    }
    metricsExposition(metricsRegistry, [readSdkMetrics]).then(
      (body) => response.writeHead(200, { 'content-type': prometheusContentType }).end(body),
      (error: unknown) => {
        options.logger.error({ error: String(error) }, 'metrics: exposition failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** A free loopback port for the SDK's exporter, which only this process reads (bound by the SDK right after). */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * The Temporal SDK's runtime metrics (task slots, poll and schedule-to-start latencies, cache, sticky queues …),
 * exported by its Prometheus exporter on a loopback address only this process reads. Conventions as Prometheus
 * expects them: `_total` counters and durations in seconds (the SDK's names keep no unit suffix:
 * `temporal_activity_execution_latency_bucket`, in seconds).
 */
export function temporalSdkTelemetry(bindAddress: string): TelemetryOptions {
  return {
    metrics: { prometheus: { bindAddress, countersTotalSuffix: true, useSecondsForDurations: true } },
  };
}

/**
 * Starts the worker's `/metrics` listener in the background. A port still taken (the previous worker of
 * `npm run dev` overlaps its successor for a moment) is retried for up to `retryForMs`; after that it is logged as
 * an error and the worker runs on without it: metrics are not on the path of a record, and a worker that
 * stopped over them would stop records syncing.
 */
export function serveWorkerMetrics(
  env: Pick<LoudwireEnvironment, 'WORKER_METRICS_HOST' | 'WORKER_METRICS_PORT'>,
  sdkMetricsAddress: string,
  logger: Logger,
  retryForMs = 30_000,
): { close(): void } {
  let server: Server | undefined;
  let closed = false;
  const giveUpAt = Date.now() + retryForMs;
  const attempt = async (): Promise<void> => {
    try {
      server = await startWorkerMetricsServer({
        host: env.WORKER_METRICS_HOST,
        port: env.WORKER_METRICS_PORT,
        sdkMetricsAddress,
        logger,
      });
      if (closed) server.close();
      else
        logger.info(
          { url: `http://${env.WORKER_METRICS_HOST}:${env.WORKER_METRICS_PORT}/metrics` },
          'worker metrics listening',
        );
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!closed && inUse && Date.now() < giveUpAt) {
        setTimeout(() => void attempt(), 1_000).unref();
        return;
      }
      logger.error(
        { port: env.WORKER_METRICS_PORT, error: String(error) },
        'worker metrics cannot listen (WORKER_METRICS_PORT): running without /metrics',
      );
    }
  };
  void attempt();
  return {
    close() {
      closed = true;
      server?.close();
    },
  };
}
