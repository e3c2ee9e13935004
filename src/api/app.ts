import express, { type ErrorRequestHandler, type Express } from 'express';
import { ServiceError, type Client } from '@temporalio/client';
import type { ApproverDirectory } from '../approvals/approver-directory';
import type { IntegrationDefinition } from '../integrations/integration';
import type { Logger } from '../logging/logger';
import { createApprovalRouter } from './approvals/approval-router';
import { createCodecRouter, type CodecRouterOptions } from './codec/codec-router';
import { ProblemCode, sendProblem } from './problem-response';
import { rejectMalformedPath } from './reject-malformed-path';
import { requestBodyProblem } from './request-body-problem';
import { callTemporalWithin } from '../temporal/call-temporal-within';
import { createWebhookRouter, type WebhookSource } from './webhooks/webhook-route';
import { createObservabilityRouter } from './observability-routes';

export interface ApiAppOptions {
  temporal: Client;
  taskQueue: string;
  integrations: readonly IntegrationDefinition[];
  /** Signature scheme and secret of each source (`crm` → Standard Webhooks), see webhookSourcesFor. */
  webhookSources: ReadonlyMap<string, WebhookSource>;
  bodyLimitBytes: number;
  /**
   * How long the webhook path (and readyz) waits for Temporal before answering 503 (WEBHOOK_TEMPORAL_DEADLINE).
   * @default 2000
   */
  temporalDeadlineMs?: number;
  /** Webhook events handed to Temporal at once; more are shed with 503 (WEBHOOK_MAX_IN_FLIGHT). @default 8 */
  webhookMaxInFlight?: number;
  /** Answer time an adaptive in-flight bound aims for; undefined: a fixed bound (WEBHOOK_LATENCY_TARGET=off). */
  webhookLatencyTargetMs?: number | undefined;
  logger: Logger;
  /** Approver tokens of the approval endpoints and page (docs/approvals.md); absent: those routes are not served. */
  approvers?: ApproverDirectory;
  /** The API's public base URL (PUBLIC_API_URL). @default 'http://127.0.0.1:3000' */
  publicApiUrl?: string;
  /** The codec server for the Web UI and the temporal CLI (docs/security.md); absent: `/codec` is not served. */
  codec?: Omit<CodecRouterOptions, 'logger' | 'publicApiUrl'>;
  /** True once the process is shutting down: readyz answers 503 so load balancers stop sending traffic. */
  isShuttingDown?: () => boolean;
  /** How long visibility counts serve `/metrics` scrapes (METRICS_VISIBILITY_CACHE). @default 15000 */
  metricsVisibilityCacheMs?: number;
}

/** The Loudwire HTTP API as an express app, without a listening socket (tests drive it in-process). */
export function createApiApp(options: ApiAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(rejectMalformedPath);

  const integrationsBySource = new Map<string, IntegrationDefinition[]>();
  for (const integration of options.integrations) {
    integrationsBySource.set(integration.source, [
      ...(integrationsBySource.get(integration.source) ?? []),
      integration,
    ]);
  }

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  const temporalDeadlineMs = options.temporalDeadlineMs ?? 2_000;
  app.get('/readyz', async (_request, response) => {
    if (options.isShuttingDown?.()) {
      response.status(503).json({ status: 'shutting_down' });
      return;
    }
    try {
      await callTemporalWithin(options.temporal, temporalDeadlineMs, () =>
        options.temporal.connection.workflowService.getSystemInfo({}),
      );
      response.json({ status: 'ready', temporal: 'reachable' });
    } catch (error) {
      // The reason goes to the log only: a probe's answer must not tell a caller about internal addresses.
      options.logger.warn({ error: String(error) }, 'readiness check: Temporal unreachable');
      response.status(503).json({ status: 'not_ready', temporal: 'unreachable' });
    }
  });

  app.use(
    createObservabilityRouter({
      temporal: options.temporal,
      integrations: options.integrations.map((integration) => integration.name),
      publicApiUrl: options.publicApiUrl ?? 'http://127.0.0.1:3000',
      visibilityCacheMs: options.metricsVisibilityCacheMs,
      temporalDeadlineMs,
      logger: options.logger,
    }),
  );

  if (options.codec) {
    app.use(
      createCodecRouter({
        ...options.codec,
        publicApiUrl: options.publicApiUrl ?? 'http://127.0.0.1:3000',
        logger: options.logger,
      }),
    );
  }

  app.use(
    createWebhookRouter({
      temporal: options.temporal,
      taskQueue: options.taskQueue,
      integrationsBySource,
      webhookSources: options.webhookSources,
      bodyLimitBytes: options.bodyLimitBytes,
      temporalDeadlineMs,
      maxInFlight: options.webhookMaxInFlight ?? 8,
      latencyTargetMs: options.webhookLatencyTargetMs,
      logger: options.logger,
    }),
  );

  if (options.approvers) {
    app.use(
      createApprovalRouter({
        temporal: options.temporal,
        taskQueue: options.taskQueue,
        approvers: options.approvers,
        publicApiUrl: options.publicApiUrl ?? 'http://127.0.0.1:3000',
        logger: options.logger,
      }),
    );
  }

  app.use((request, response) => {
    sendProblem(response, 404, ProblemCode.notFound, `No route for ${request.method} ${request.path}`);
  });

  // Routes answer their own body errors with their own limits; this catches what is left.
  const handleError: ErrorRequestHandler = (error, request, response, _next) => {
    const problem = requestBodyProblem(error, 'body limit of this route');
    if (problem === 'aborted') {
      options.logger.info({ method: request.method, path: request.path }, 'request aborted by the client');
      return;
    }
    if (problem) {
      sendProblem(response, problem.status, problem.code, problem.message);
      return;
    }
    if (isTemporalUnreachable(error)) {
      options.logger.warn({ path: request.path, error: String(error) }, 'Temporal unreachable');
      response.setHeader('retry-after', '5');
      sendProblem(response, 503, ProblemCode.temporalUnavailable, 'Temporal is unavailable; retry');
      return;
    }
    options.logger.error({ error: String(error) }, 'unhandled API error');
    sendProblem(response, 500, ProblemCode.internal, 'Internal error');
  };
  app.use(handleError);
  return app;
}

/** A gRPC failure reaching Temporal (UNAVAILABLE, DEADLINE_EXCEEDED): the caller may retry later. */
function isTemporalUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code;
  const causeCode = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return error instanceof ServiceError && [code, causeCode].some((value) => value === 14 || value === 4);
}
