import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Logger } from '../logging/logger';
import { metricsRegistry } from '../observability/loudwire-metrics';
import { metricsExposition, prometheusContentType } from '../observability/metrics-endpoint';
import { registerRecordStatusGauge } from '../observability/record-status-gauge';
import { openApiDocument } from './openapi/openapi-document';

export interface ObservabilityRouteOptions {
  temporal: Client;
  integrations: readonly string[];
  publicApiUrl: string;
  /** METRICS_VISIBILITY_CACHE. @default 15000 */
  visibilityCacheMs?: number;
  temporalDeadlineMs: number;
  logger: Logger;
}

/** `GET /metrics` (Prometheus) and `GET /openapi.json` (this API described). */
export function createObservabilityRouter(options: ObservabilityRouteOptions): Router {
  // One `loudwire_records` per process: an app built again (tests build several) takes the gauge over.
  metricsRegistry.removeSingleMetric('loudwire_records');
  metricsRegistry.removeSingleMetric('loudwire_open_incidents');
  registerRecordStatusGauge({
    temporal: options.temporal,
    integrations: options.integrations,
    registry: metricsRegistry,
    cacheMs: options.visibilityCacheMs ?? 15_000,
    deadlineMs: options.temporalDeadlineMs,
    logger: options.logger,
  });
  const document = JSON.stringify(openApiDocument(options.publicApiUrl));

  const router = Router();
  router.get('/metrics', async (_request, response) => {
    response.type(prometheusContentType).send(await metricsExposition(metricsRegistry));
  });
  router.get('/openapi.json', (_request, response) => {
    response.type('application/json').send(document);
  });
  return router;
}
