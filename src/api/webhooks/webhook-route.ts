import { createHash } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import type { Client } from '@temporalio/client';
import type { IntegrationDefinition, SourceEvent } from '../../integrations/integration';
import type { Logger } from '../../logging/logger';
import { signalRecordEvent } from '../../temporal/signal-record-event';
import { ProblemCode, sendProblem } from '../problem-response';
import { declaredBodyTooLarge } from '../declared-body-too-large';
import { bodyTooLargeProblem, requestBodyProblem } from '../request-body-problem';
import type { InboundWebhookScheme, SignatureVerdict } from '../../systems/kit/inbound-webhook-scheme';
import { jsonNestingDepth } from './json-nesting-depth';
import { RecentlyAcceptedEvents } from './recently-accepted-events';

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
  logger: Logger;
}

/**
 * Deepest nesting a webhook body may have. A CRM's event nests under ten levels; 64 leaves room for any real
 * custom-field structure and stays far from what the worker's recursive contract check and Temporal's payload
 * handling can take (a signed body nested ~4,200 deep could not be handed to Temporal at all). Deeper bodies get
 * 400 naming the limit, which the sender can fix, rather than a 503 it would retry for ever.
 */
export const maxWebhookNestingDepth = 64;

/**
 * How long a webhook waits for Temporal to hold its event before the answer is 503 with Retry-After. Without it, a
 * sender waited up to 40 s for the 503 while Temporal was down (the client waits for its reconnects). Under load a
 * signalWithStart takes up to ~4 s (docs/benchmarks.md); an event that lands after the deadline is still safe: the
 * sender retries it and the workflow drops the duplicate by event ID.
 */
export const temporalAcceptDeadlineMs = 10_000;

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
  const readRawBody = express.raw({ type: () => true, limit: options.bodyLimitBytes });

  router.post(
    '/webhooks/:source',
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
      next();
    },
    readRawBody,
    async (request: Request, response: Response) => {
      const { source } = request.params as { source: string };
      const rawBytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const { scheme, verify } = verifiers.get(source)!;
      const verdict = verify(rawBytes, request.headers);
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
      await acceptVerifiedEvent(options, recentlyAccepted, source, scheme, verdict, rawBody, response);
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

/**
 * The promise's outcome, or a rejection after `ms` (the gRPC deadline alone does not cover the client's own
 * reconnect waits). A late success is harmless: the sender retries after the 503 and the workflow dedupes.
 */
function settleWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Temporal did not take the event within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // a late failure has no one left to tell
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
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
    options.logger.info({ source, eventId, type }, 'webhook event type not handled by any integration');
    response.status(202).json({
      workflowId: null,
      duplicate: false,
      ignored: true,
      reason: `no integration handles "${type}"`,
    });
    return;
  }

  const workflowIds: string[] = [];
  let duplicate = true;
  for (const integration of integrations) {
    // A payload without a usable record key is still authentic: park it under the event ID so it is kept and
    // reported by the workflow's mapping, instead of being bounced back into the vendor's retry loop.
    const identity = integration.identify(data) ?? {
      recordKey: unidentifiedRecordKey(eventId),
      sequence: 0,
    };
    const event: SourceEvent = {
      eventId,
      type,
      occurredAt: timestamp,
      sequence: identity.sequence,
      payload: data,
    };
    let workflowId: string;
    try {
      const target = {
        integration: integration.name,
        source,
        recordKey: identity.recordKey,
        taskQueue: options.taskQueue,
      };
      workflowId = await settleWithin(
        options.temporal.withDeadline(Date.now() + temporalAcceptDeadlineMs, () =>
          signalRecordEvent(options.temporal, target, event),
        ),
        temporalAcceptDeadlineMs,
      );
    } catch (error) {
      options.logger.error(
        { source, eventId, recordKey: identity.recordKey, error: String(error) },
        'Temporal did not accept event',
      );
      response.setHeader('retry-after', '5');
      sendProblem(
        response,
        503,
        ProblemCode.temporalUnavailable,
        'Event not accepted: Temporal is unavailable; retry',
      );
      return;
    }
    workflowIds.push(workflowId);
    duplicate = recentlyAccepted.remember(`${workflowId}/${eventId}`) && duplicate;
  }
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
