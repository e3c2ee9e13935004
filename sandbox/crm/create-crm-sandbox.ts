import { opaqueId } from '../kit/opaque-id';
import express from 'express';
import pino, { type Logger } from 'pino';
import { controlPlaneRouter } from '../kit/control-plane';
import { sandboxDevDefaults } from '../kit/dev-defaults';
import { apiFaultMiddleware } from '../kit/faults/api-fault-middleware';
import { alterOneCharacter } from '../kit/faults/alter-value';
import {
  apiResponseFaultKinds,
  lookupFaultKinds,
  webhookFaultKinds,
  writeFaultKinds,
} from '../kit/faults/fault-kinds';
import { FaultRegistry } from '../kit/faults/fault-registry';
import { IdempotentCreates } from '../kit/idempotent-creates';
import { jsonErrorHandler } from '../kit/json-error-handler';
import { openSandboxDatabase } from '../kit/sandbox-database';
import { parseRetrySchedule } from '../kit/sandbox-env';
import type { SandboxInstance } from '../kit/sandbox-instance';
import { crmApiRouter, crmAuth } from './crm-api';
import { renderCrmFault, sendCrmError } from './crm-errors';
import { deliveryApiRouter } from '../kit/webhooks/delivery-api';
import { WebhookDispatcher } from '../kit/webhooks/webhook-dispatcher';
import type { Company, Contact, Deal, Note } from './crm-records';
import { seedCrm } from './crm-seed';
import { dealLifecycleRouter } from './deal-lifecycle-api';
import { CrmStore } from './crm-store';
import { noteApiRouter } from './note-api';
import { standardWebhooksSigner } from './webhooks/standard-webhooks-signing';
import type { WebhookDelivery, WebhookEnvelope } from './webhooks/webhook-delivery';

export interface CrmSandboxOptions {
  /** SQLite file, or `:memory:`. @default ':memory:' */
  databasePath?: string;
  /** The bearer token clients send. @default sandboxDevDefaults.CRM_API_KEY */
  apiKey?: string;
  /** Where `deal.won` webhooks go. @default sandboxDevDefaults.CRM_WEBHOOK_URL */
  webhookUrl?: string;
  /** Standard Webhooks signing secret (`whsec_…`). @default sandboxDevDefaults.CRM_WEBHOOK_SECRET */
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

export type CrmSandbox = SandboxInstance<{
  deals: Deal[];
  companies: Company[];
  contacts: Contact[];
  deliveries: WebhookDelivery[];
  notes: Note[];
}>;

/**
 * The CRM stand-in: camelCase JSON, bearer API key, messy seeded data, signed `deal.won` webhooks, and notes
 * that integrations write back to company records.
 */
export function createCrmSandbox(options: CrmSandboxOptions = {}): CrmSandbox {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ sandbox: 'crm' });
  const store = new CrmStore(openSandboxDatabase(options.databasePath ?? ':memory:'));
  // A file database keeps its records across restarts; only an empty one gets the demo data.
  if (store.companies.all().length === 0) seedCrm(store);
  const faults = new FaultRegistry(options.random);
  const noteCreates = new IdempotentCreates<Note>({
    db: store.db,
    collection: store.notes,
    faults,
    alter: (note) => ({ ...note, body: alterOneCharacter(note.body) }),
    duplicate: (note) => ({ ...note, id: opaqueId('note') }),
    scope: 'notes',
  });
  const dispatcher = new WebhookDispatcher<WebhookEnvelope>({
    deliveries: store.deliveries,
    url: options.webhookUrl ?? sandboxDevDefaults.CRM_WEBHOOK_URL,
    signAttempt: standardWebhooksSigner(options.webhookSecret ?? sandboxDevDefaults.CRM_WEBHOOK_SECRET),
    userAgent: 'loudwire-sandbox-crm/1.0',
    retryScheduleSeconds:
      options.webhookRetryScheduleSeconds ??
      parseRetrySchedule(sandboxDevDefaults.CRM_WEBHOOK_RETRY_SCHEDULE),
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
    noteCreates.clear();
    seedCrm(store);
    faults.clear();
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/__sandbox',
    controlPlaneRouter({
      faults,
      faultKinds: [...apiResponseFaultKinds, ...writeFaultKinds, ...lookupFaultKinds, ...webhookFaultKinds],
      snapshot,
      reset,
      logger,
    }),
  );
  app.use('/api', apiFaultMiddleware({ faults, render: renderCrmFault, logger, shutdown: shutdown.signal }));
  app.use('/api', crmAuth(options.apiKey ?? sandboxDevDefaults.CRM_API_KEY));
  app.use(express.json({ limit: '1mb' }));
  app.use(crmApiRouter({ store, faults, dispatcher }));
  app.use(noteApiRouter({ store, creates: noteCreates, faults }));
  app.use(dealLifecycleRouter({ store, faults, dispatcher }));
  app.use(
    deliveryApiRouter({
      deliveries: store.deliveries,
      dispatcher,
      sendNotFound: (res, id) => sendCrmError(res, 404, 'NOT_FOUND', `No webhook delivery ${id}`),
    }),
  );
  app.use((_req, res) => {
    sendCrmError(res, 404, 'NOT_FOUND', 'Unknown route');
  });
  app.use(jsonErrorHandler(sendCrmError, logger));

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
