import { randomUUID } from 'node:crypto';
import express from 'express';
import pino, { type Logger } from 'pino';
import { controlPlaneRouter } from '../kit/control-plane';
import { sandboxDevDefaults } from '../kit/dev-defaults';
import { DocumentCollection } from '../kit/document-collection';
import { alterOneCharacter } from '../kit/faults/alter-value';
import { apiFaultMiddleware } from '../kit/faults/api-fault-middleware';
import { apiResponseFaultKinds, lookupFaultKinds, writeFaultKinds } from '../kit/faults/fault-kinds';
import { FaultRegistry } from '../kit/faults/fault-registry';
import { IdempotentCreates } from '../kit/idempotent-creates';
import { jsonErrorHandler } from '../kit/json-error-handler';
import { openSandboxDatabase } from '../kit/sandbox-database';
import type { SandboxInstance } from '../kit/sandbox-instance';
import { renderAccountingFault, sendAccountingError, sendAccountingKitError } from './accounting-errors';
import { accountingBasicAuth } from './basic-auth';
import { contactApiRouter } from './contact-api';
import { publicContact, type Contact, type StoredContact } from './contact-input';

export interface AccountingSandboxOptions {
  /** SQLite file, or `:memory:`. @default ':memory:' */
  databasePath?: string;
  /** HTTP Basic user name. @default sandboxDevDefaults.ACCOUNTING_CLIENT_ID */
  clientId?: string;
  /** HTTP Basic password. @default sandboxDevDefaults.ACCOUNTING_CLIENT_SECRET */
  clientSecret?: string;
  /** @default a silent logger */
  logger?: Logger;
  /** Random source for rate faults. @default Math.random */
  random?: () => number;
}

export type AccountingSandbox = SandboxInstance<{ contacts: Contact[] }>;

/**
 * The accounting stand-in: PascalCase JSON wrapped in `{"Contacts": [ … ]}`, HTTP Basic client credentials,
 * `{"Type", "Message", "Elements"}` errors, idempotent creates of invoice contacts.
 */
export function createAccountingSandbox(options: AccountingSandboxOptions = {}): AccountingSandbox {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ sandbox: 'accounting' });
  const db = openSandboxDatabase(options.databasePath ?? ':memory:');
  const contacts = new DocumentCollection<StoredContact>(db, 'contacts', ['ExternalRef']);
  const faults = new FaultRegistry(options.random);
  const creates = new IdempotentCreates<StoredContact>({
    db,
    collection: contacts,
    faults,
    alter: (contact) => ({ ...contact, Name: alterOneCharacter(contact.Name) }),
    duplicate: (contact) => {
      const contactId = randomUUID();
      return { ...contact, id: contactId, ContactID: contactId };
    },
  });
  const shutdown = new AbortController();

  const snapshot = () => ({ contacts: contacts.all().map(publicContact) });
  const reset = () => {
    contacts.clear();
    creates.clear();
    faults.clear();
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/__sandbox',
    controlPlaneRouter({
      faults,
      faultKinds: [...apiResponseFaultKinds, ...writeFaultKinds, ...lookupFaultKinds],
      snapshot,
      reset,
      logger,
    }),
  );
  app.use(apiFaultMiddleware({ faults, render: renderAccountingFault, logger, shutdown: shutdown.signal }));
  app.use(
    accountingBasicAuth({
      clientId: options.clientId ?? sandboxDevDefaults.ACCOUNTING_CLIENT_ID,
      clientSecret: options.clientSecret ?? sandboxDevDefaults.ACCOUNTING_CLIENT_SECRET,
    }),
  );
  app.use(express.json({ limit: '1mb' }));
  app.use(contactApiRouter({ contacts, creates, faults }));
  app.use((_req, res) => {
    sendAccountingError(res, 404, 'NotFound', 'Unknown route');
  });
  app.use(jsonErrorHandler(sendAccountingKitError, logger));

  return {
    app,
    faults,
    snapshot,
    reset,
    close: async () => {
      shutdown.abort();
      db.close();
    },
  };
}
