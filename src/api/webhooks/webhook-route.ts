import express, { type Request, type Response, Router } from 'express';
import type { Client } from '@temporalio/client';
import type { IntegrationDefinition, SourceEvent } from '../../integrations/integration';
import type { Logger } from '../../logging/logger';
import { signalRecordEvent } from '../../temporal/signal-record-event';
import { ProblemCode, sendProblem } from '../problem-response';
import type { InboundWebhookScheme, SignatureVerdict } from '../../systems/kit/inbound-webhook-scheme';
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
      next();
    },
    readRawBody,
    async (request: Request, response: Response) => {
      const { source } = request.params as { source: string };
      const rawBody = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      const { scheme, verify } = verifiers.get(source)!;
      const verdict = verify(rawBody, request.headers);
      if (!verdict.valid) {
        options.logger.warn({ source, problem: verdict.problem }, 'webhook signature refused');
        sendProblem(response, 401, signatureStatus[verdict.problem], verdict.message);
        return;
      }
      await acceptVerifiedEvent(options, recentlyAccepted, source, scheme, verdict, rawBody, response);
    },
  );
  return router;
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
      recordKey: `unidentified-${safeKeyPart(eventId)}`,
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
      workflowId = await signalRecordEvent(
        options.temporal,
        {
          integration: integration.name,
          source,
          recordKey: identity.recordKey,
          taskQueue: options.taskQueue,
        },
        event,
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

function safeKeyPart(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
}
