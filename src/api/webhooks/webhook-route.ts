import { createHash } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import type { Client } from '@temporalio/client';
import type { IntegrationDefinition, SourceEvent } from '../../integrations/integration';
import type { Logger } from '../../logging/logger';
import { callTemporalWithin } from '../../temporal/call-temporal-within';
import { keepUnhandledEvent } from '../../temporal/keep-unhandled-event';
import { signalRecordEvent } from '../../temporal/signal-record-event';
import { ProblemCode, sendProblem } from '../problem-response';
import { declaredBodyTooLarge } from '../declared-body-too-large';
import { bodyTooLargeProblem, requestBodyProblem } from '../request-body-problem';
import type { InboundWebhookScheme, SignatureVerdict } from '../../systems/kit/inbound-webhook-scheme';
import { jsonNestingDepth } from './json-nesting-depth';
import { RecentlyAcceptedEvents } from './recently-accepted-events';
import {
  countAcceptedEvent,
  countWebhookRefusals,
  traceStep,
  traceWebhookRequest,
  unhandledIntegrationLabel,
} from './webhook-telemetry';
import { InFlightLimit } from './in-flight-limit';
import { timed, webhookTemporalSeconds } from '../../observability/loudwire-metrics';
import { answerOverloaded, ShedLog } from './answer-overloaded';

/** How one source signs and wraps its webhooks, and the secret it signs with. */
export interface WebhookSource {
  scheme: InboundWebhookScheme;
  secret: string;
}

export interface WebhookRouteOptions {
  temporal: Client;
  taskQueue: string;
  /** Integrations fed by each source key (`crm` → [client-onboarding]). */
  integrationsBySource: ReadonlyMap<string, readonly IntegrationDefinition[]>;
  /** Signature scheme and secret per source key. */
  webhookSources: ReadonlyMap<string, WebhookSource>;
  bodyLimitBytes: number;
  /** How long to wait for Temporal before answering 503 with Retry-After, so the sender retries in time. */
  temporalDeadlineMs: number;
  /** Temporal calls in flight at once (WEBHOOK_MAX_IN_FLIGHT); past it events are shed with 503 + Retry-After. */
  maxInFlight: number;
  /** Answer time the in-flight bound aims for (WEBHOOK_LATENCY_TARGET): slower answers lower it (in-flight-limit.ts). */
  latencyTargetMs: number | undefined;
  logger: Logger;
}

/**
 * Deepest nesting a webhook body may have. A CRM's event nests under ten levels; 64 leaves room for any real
 * custom-field structure and stays far from what the worker's recursive contract check and Temporal's payload
 * handling can take (a signed body nested ~4,200 deep could not be handed to Temporal at all). Deeper bodies get
 * 400 naming the limit, which the sender can fix, rather than a 503 it would retry for ever.
 */
export const maxWebhookNestingDepth = 64;

const signatureStatus: Record<Exclude<SignatureVerdict, { valid: true }>['problem'], ProblemCode> = {
  missing: ProblemCode.missingSignature,
  stale: ProblemCode.staleSignature,
  invalid: ProblemCode.invalidSignature,
};

/**
 * `POST /webhooks/:source`, for every source system with its own signature scheme. Checks are ordered cheapest first and each answers with its own status; only a
 * verified, well-formed event reaches Temporal, and 202 is sent only after Temporal durably holds it.
 */
export function createWebhookRouter(options: WebhookRouteOptions): Router {
  const router = Router();
  const verifiers = new Map(
    [...options.webhookSources].map(([source, { scheme, secret }]) => [
      source,
      { scheme, verify: scheme.createVerifier(secret) },
    ]),
  );
  const recentlyAccepted = new RecentlyAcceptedEvents();
  const inFlight = new InFlightLimit(options.maxInFlight, options.latencyTargetMs);
  const shedLog = new ShedLog(options.logger, inFlight);
  const shed = (response: Response) => {
    shedLog.shedOne();
    answerOverloaded(response, inFlight);
  };
  const readRawBody = express.raw({ type: () => true, limit: options.bodyLimitBytes });

  router.post(
    '/webhooks/:source',
    countWebhookRefusals,
    (request, response, next) => {
      const { source } = request.params as { source: string };
      const verifier = verifiers.get(source);
      if (!options.integrationsBySource.has(source) || !verifier) {
        sendProblem(response, 404, ProblemCode.unknownSource, `No integration listens to source "${source}"`);
        return;
      }
      if (!request.is('application/json')) {
        sendProblem(
          response,
          415,
          ProblemCode.unsupportedMediaType,
          `Content-Type must be application/json (got ${request.get('content-type') ?? 'none'})`,
        );
        return;
      }
      if (declaredBodyTooLarge(request, options.bodyLimitBytes)) {
        const problem = bodyTooLargeProblem(webhookBodyLimit(options));
        sendProblem(response, problem.status, problem.code, problem.message);
        return;
      }
      const charset = request.get('content-type')?.match(/;\s*charset\s*=\s*"?([^";\s]*)/i)?.[1];
      if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
        sendProblem(
          response,
          415,
          ProblemCode.unsupportedCharset,
          `Unsupported charset "${charset.toUpperCase()}": webhook bodies are JSON in UTF-8`,
        );
        return;
      }
      // Already at capacity: shed before reading and verifying the body, the costly part of a refusal.
      if (inFlight.shedIfFull()) {
        shed(response);
        return;
      }
      next();
    },
    readRawBody,
    traceWebhookRequest,
    async (request: Request, response: Response) => {
      const { source } = request.params as { source: string };
      const rawBytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const { scheme, verify } = verifiers.get(source)!;
      const verdict = traceStep('webhook.verify', () => verify(rawBytes, request.headers));
      if (!verdict.valid) {
        options.logger.warn({ source, problem: verdict.problem }, 'webhook signature refused');
        sendProblem(response, 401, signatureStatus[verdict.problem], verdict.message);
        return;
      }
      let rawBody: string;
      try {
        rawBody = new TextDecoder('utf-8', { fatal: true }).decode(rawBytes);
      } catch {
        sendProblem(response, 400, ProblemCode.invalidUtf8, 'Body is not valid UTF-8 (JSON must be UTF-8)');
        return;
      }
      const depth = jsonNestingDepth(rawBody, maxWebhookNestingDepth);
      if (depth > maxWebhookNestingDepth) {
        sendProblem(
          response,
          400,
          ProblemCode.tooDeeplyNested,
          `Body nests objects and arrays more than ${maxWebhookNestingDepth} levels deep (the limit)`,
        );
        return;
      }
      // Shed at capacity, before Temporal is asked anything: the event is not acknowledged, the sender retries.
      const release = inFlight.tryAcquire();
      if (!release) {
        shed(response);
        return;
      }
      try {
        await acceptVerifiedEvent(options, recentlyAccepted, source, scheme, verdict, rawBody, response);
      } finally {
        release();
      }
    },
  );

  const handleBodyError: ErrorRequestHandler = (error, request, response, next) => {
    const problem = requestBodyProblem(error, webhookBodyLimit(options));
    if (problem === undefined) return next(error);
    if (problem === 'aborted') {
      options.logger.info({ path: request.path }, 'webhook request aborted by the client');
      return;
    }
    sendProblem(response, problem.status, problem.code, problem.message);
  };
  router.use('/webhooks', handleBodyError);
  return router;
}

function webhookBodyLimit(options: WebhookRouteOptions): string {
  return `${options.bodyLimitBytes}-byte limit of webhook bodies (WEBHOOK_BODY_LIMIT_BYTES)`;
}

async function acceptVerifiedEvent(
  options: WebhookRouteOptions,
  recentlyAccepted: RecentlyAcceptedEvents,
  source: string,
  scheme: InboundWebhookScheme,
  verified: { eventId?: string },
  rawBody: string,
  response: Response,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (error) {
    sendProblem(
      response,
      400,
      ProblemCode.malformedJson,
      `Body is not valid JSON: ${(error as Error).message}`,
    );
    return;
  }
  const envelope = scheme.readEnvelope(body, verified);
  if (!envelope.valid) {
    sendProblem(response, 400, ProblemCode.invalidEnvelope, envelope.message, envelope.issues);
    return;
  }
  const { eventId, type, occurredAt: timestamp, data } = envelope.event;
  const integrations = options.integrationsBySource.get(source)!.filter((it) => it.eventTypes.includes(type));
  if (integrations.length === 0) {
    await keepEventNoIntegrationHandles(
      options,
      source,
      { eventId, type, occurredAt: timestamp, payload: data },
      response,
    );
    return;
  }

  const workflowIds: string[] = [];
  const handedTo: { integration: string; duplicate: boolean }[] = [];
  let duplicate = true;
  for (const integration of integrations) {
    // A payload without a usable record key is still authentic: park it under the event ID so it is kept and
    // reported by the workflow's mapping, instead of being bounced back into the vendor's retry loop.
    const identity = integration.identify(data) ?? { recordKey: unidentifiedRecordKey(eventId) };
    const event: SourceEvent = {
      eventId,
      type,
      occurredAt: timestamp,
      ...(identity.sequence === undefined ? {} : { sequence: identity.sequence }),
      payload: data,
    };
    let workflowId: string;
    try {
      // Our own deadline, not the client's retry budget (about 20 s): senders time out long before that, and a
      // sender that times out never sees the 503 and its Retry-After. A signal that lands after the deadline
      // is harmless: the sender retries and the workflow dedupes the event ID.
      workflowId = await timed(
        webhookTemporalSeconds,
        {},
        (result) => ('value' in result ? 'held' : 'failed'),
        () =>
          callTemporalWithin(options.temporal, options.temporalDeadlineMs, () =>
            signalRecordEvent(
              options.temporal,
              {
                integration: integration.name,
                source,
                recordKey: identity.recordKey,
                taskQueue: options.taskQueue,
              },
              event,
            ),
          ),
      );
    } catch (error) {
      answerTemporalUnavailable(options, response, { source, eventId, recordKey: identity.recordKey, error });
      return;
    }
    workflowIds.push(workflowId);
    const redelivery = recentlyAccepted.remember(`${workflowId}/${eventId}`);
    handedTo.push({ integration: integration.name, duplicate: redelivery });
    duplicate = redelivery && duplicate;
  }
  for (const accepted of handedTo) countAcceptedEvent(source, accepted.integration, accepted.duplicate);
  options.logger.info({ source, eventId, type, workflowIds, duplicate }, 'webhook accepted');
  response
    .status(202)
    .json({ workflowId: workflowIds[0], duplicate, ...(workflowIds.length > 1 ? { workflowIds } : {}) });
}

/**
 * The record key of an event without a usable one: its event ID where that is a safe key already (as before),
 * else a safe prefix plus a hash of the whole ID, so two different IDs never share a workflow.
 */
function unidentifiedRecordKey(eventId: string): string {
  if (/^[A-Za-z0-9_.-]{1,100}$/.test(eventId)) return `unidentified-${eventId}`;
  const digest = createHash('sha256').update(eventId, 'utf8').digest('hex').slice(0, 32);
  return `unidentified-${eventId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60)}-${digest}`;
}

/**
 * An event type no integration handles is still an accepted event: it is kept durably in a workflow of its own
 * (replayable once a handler exists), and its type raises one alert per window. 202 only once Temporal holds it.
 */
async function keepEventNoIntegrationHandles(
  options: WebhookRouteOptions,
  source: string,
  event: SourceEvent,
  response: Response,
): Promise<void> {
  let kept: { workflowId: string; duplicate: boolean };
  try {
    kept = await callTemporalWithin(options.temporal, options.temporalDeadlineMs, () =>
      keepUnhandledEvent(options.temporal, { source, taskQueue: options.taskQueue }, event),
    );
  } catch (error) {
    answerTemporalUnavailable(options, response, { source, eventId: event.eventId, error });
    return;
  }
  countAcceptedEvent(source, unhandledIntegrationLabel, kept.duplicate);
  options.logger.warn(
    {
      source,
      eventId: event.eventId,
      type: event.type,
      workflowId: kept.workflowId,
      duplicate: kept.duplicate,
    },
    'webhook event type not handled by any integration: kept',
  );
  response.status(202).json({
    ...kept,
    ignored: true,
    reason: `no integration handles "${event.type}"; the event is kept in ${kept.workflowId}`,
  });
}

function answerTemporalUnavailable(
  options: WebhookRouteOptions,
  response: Response,
  context: { source: string; eventId: string; recordKey?: string; error: unknown },
): void {
  options.logger.error({ ...context, error: String(context.error) }, 'Temporal did not accept event');
  response.setHeader('retry-after', '5');
  sendProblem(
    response,
    503,
    ProblemCode.temporalUnavailable,
    'Event not accepted: Temporal is unavailable; retry',
  );
}
