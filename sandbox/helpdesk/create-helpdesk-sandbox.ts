import express from 'express';
import pino, { type Logger } from 'pino';
import { controlPlaneRouter } from '../kit/control-plane';
import { sandboxDevDefaults } from '../kit/dev-defaults';
import { apiFaultMiddleware } from '../kit/faults/api-fault-middleware';
import { apiResponseFaultKinds, webhookFaultKinds } from '../kit/faults/fault-kinds';
import { FaultRegistry } from '../kit/faults/fault-registry';
import { alterOneCharacter } from '../kit/faults/alter-value';
import { IdempotentCreates } from '../kit/idempotent-creates';
import { jsonErrorHandler } from '../kit/json-error-handler';
import { openSandboxDatabase } from '../kit/sandbox-database';
import { parseRetrySchedule } from '../kit/sandbox-env';
import type { SandboxInstance } from '../kit/sandbox-instance';
import { deliveryApiRouter } from '../kit/webhooks/delivery-api';
import { WebhookDispatcher } from '../kit/webhooks/webhook-dispatcher';
import { renderHelpdeskFault, sendHelpdeskError } from './helpdesk-errors';
import { seedHelpdesk } from './helpdesk-seed';
import { HelpdeskStore } from './helpdesk-store';
import { helpdeskAuth, ticketApiRouter } from './ticket-api';
import type { Ticket } from './ticket-records';
import { helpdeskSigner } from './webhooks/helpdesk-signature';
import type { HelpdeskDelivery, HelpdeskEvent } from './webhooks/ticket-escalated-event';

export interface HelpdeskSandboxOptions {
  /** SQLite file, or `:memory:`. @default ':memory:' */
  databasePath?: string;
  /** The token clients send as `Authorization: Token …`. @default sandboxDevDefaults.HELPDESK_API_KEY */
  apiKey?: string;
  /** Where `ticket.escalated` webhooks go. @default sandboxDevDefaults.HELPDESK_WEBHOOK_URL */
  webhookUrl?: string;
  /** HMAC key for `X-Helpdesk-Signature`. @default sandboxDevDefaults.HELPDESK_WEBHOOK_SECRET */
  webhookSecret?: string;
  /** Seconds before each retry of a failed delivery. @default [2, 10, 60] */
  webhookRetryScheduleSeconds?: readonly number[];
  /** How long a receiver has to answer one delivery attempt. @default 10000 */
  webhookAttemptTimeoutMs?: number;
  /** @default a silent logger */
  logger?: Logger;
  /** Random source for rate faults. @default Math.random */
  random?: () => number;
}

export type HelpdeskSandbox = SandboxInstance<{ tickets: Ticket[]; deliveries: HelpdeskDelivery[] }>;

/**
 * The helpdesk stand-in: camelCase JSON with epoch-millisecond timestamps, `Authorization: Token` auth,
 * seeded tickets, and `ticket.escalated` webhooks signed with its own HMAC scheme (not Standard Webhooks).
 */
export function createHelpdeskSandbox(options: HelpdeskSandboxOptions = {}): HelpdeskSandbox {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ sandbox: 'helpdesk' });
  const store = new HelpdeskStore(openSandboxDatabase(options.databasePath ?? ':memory:'));
  // A file database keeps its records across restarts; only an empty one gets the demo data.
  if (store.tickets.all().length === 0) seedHelpdesk(store);
  const faults = new FaultRegistry(options.random);
  const creates = new IdempotentCreates<Ticket>({
    db: store.db,
    collection: store.tickets,
    faults,
    // Write faults are not offered on this source system; a corruption is still defined for completeness.
    alter: (ticket) => ({ ...ticket, subject: alterOneCharacter(ticket.subject) }),
    scope: 'tickets',
  });
  const dispatcher = new WebhookDispatcher<HelpdeskEvent>({
    deliveries: store.deliveries,
    url: options.webhookUrl ?? sandboxDevDefaults.HELPDESK_WEBHOOK_URL,
    signAttempt: helpdeskSigner(options.webhookSecret ?? sandboxDevDefaults.HELPDESK_WEBHOOK_SECRET),
    userAgent: 'loudwire-sandbox-helpdesk/1.0',
    retryScheduleSeconds:
      options.webhookRetryScheduleSeconds ??
      parseRetrySchedule(
        sandboxDevDefaults.HELPDESK_WEBHOOK_RETRY_SCHEDULE,
        'HELPDESK_WEBHOOK_RETRY_SCHEDULE',
      ),
    logger,
    ...(options.webhookAttemptTimeoutMs !== undefined && {
      attemptTimeoutMs: options.webhookAttemptTimeoutMs,
    }),
  });
  dispatcher.resumePending();
  const shutdown = new AbortController();

  const snapshot = () => store.snapshot();
  const reset = () => {
    dispatcher.cancelAll();
    store.clear();
    creates.clear();
    seedHelpdesk(store);
    faults.clear();
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/__sandbox',
    controlPlaneRouter({
      faults,
      faultKinds: [...apiResponseFaultKinds, ...webhookFaultKinds],
      snapshot,
      reset,
      logger,
    }),
  );
  app.use(
    '/api',
    apiFaultMiddleware({ faults, render: renderHelpdeskFault, logger, shutdown: shutdown.signal }),
  );
  app.use('/api', helpdeskAuth(options.apiKey ?? sandboxDevDefaults.HELPDESK_API_KEY));
  app.use(express.json({ limit: '1mb' }));
  app.use(ticketApiRouter({ store, creates, faults, dispatcher }));
  app.use(
    deliveryApiRouter({
      deliveries: store.deliveries,
      dispatcher,
      sendNotFound: (res, id) => sendHelpdeskError(res, 404, 'not_found', `No webhook delivery ${id}`),
    }),
  );
  app.use((_req, res) => {
    sendHelpdeskError(res, 404, 'not_found', 'Unknown route');
  });
  app.use(jsonErrorHandler(sendHelpdeskError, logger));

  return {
    app,
    faults,
    snapshot,
    reset,
    close: async () => {
      shutdown.abort();
      dispatcher.close();
      store.db.close();
    },
  };
}
