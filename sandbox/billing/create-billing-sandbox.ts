import { opaqueId } from '../kit/opaque-id';
import express, { type Request } from 'express';
import pino, { type Logger } from 'pino';
import { controlPlaneRouter } from '../kit/control-plane';
import { sandboxDevDefaults } from '../kit/dev-defaults';
import { DocumentCollection } from '../kit/document-collection';
import { alterOneCharacter } from '../kit/faults/alter-value';
import { apiFaultMiddleware } from '../kit/faults/api-fault-middleware';
import {
  apiResponseFaultKinds,
  FaultKind,
  lookupFaultKinds,
  writeFaultKinds,
} from '../kit/faults/fault-kinds';
import { FaultRegistry } from '../kit/faults/fault-registry';
import { IdempotentCreates } from '../kit/idempotent-creates';
import { jsonErrorHandler } from '../kit/json-error-handler';
import { openSandboxDatabase } from '../kit/sandbox-database';
import type { SandboxInstance } from '../kit/sandbox-instance';
import { AccessTokens } from './access-tokens';
import { renderBillingFault, sendBillingError, tokenEndpointPath } from './billing-errors';
import { customerApiRouter } from './customer-api';
import type { Customer } from './customer-input';
import { oauthTokenRouter } from './oauth-token-endpoint';
import type { UsageRecord } from './usage-record-input';
import { usageRecordApiRouter } from './usage-record-api';
import { UsageRecordStore } from './usage-record-store';

export interface BillingSandboxOptions {
  /** SQLite file, or `:memory:`. @default ':memory:' */
  databasePath?: string;
  /** @default sandboxDevDefaults.BILLING_CLIENT_ID */
  clientId?: string;
  /** @default sandboxDevDefaults.BILLING_CLIENT_SECRET */
  clientSecret?: string;
  /** Lifetime of issued access tokens; tests use a second or two. @default 3600 */
  tokenTtlSeconds?: number;
  /** @default a silent logger */
  logger?: Logger;
  /** Random source for rate faults. @default Math.random */
  random?: () => number;
}

export type BillingSandbox = SandboxInstance<{ customers: Customer[]; usage_records: UsageRecord[] }>;

// The token endpoint has no access token that could expire; every other response fault applies to it.
const tokenEndpointFaultKinds = apiResponseFaultKinds.filter((kind) => kind !== FaultKind.expiredCredentials);

/** The billing stand-in: OAuth2 client credentials, `success` envelopes, validation errors as HTTP 200. */
export function createBillingSandbox(options: BillingSandboxOptions = {}): BillingSandbox {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ sandbox: 'billing' });
  const db = openSandboxDatabase(options.databasePath ?? ':memory:');
  const customers = new DocumentCollection<Customer>(db, 'customers', ['external_id']);
  const tokens = new AccessTokens(
    db,
    options.tokenTtlSeconds ?? Number(sandboxDevDefaults.BILLING_TOKEN_TTL_SECONDS),
  );
  const usageRecords = new UsageRecordStore(db);
  const faults = new FaultRegistry(options.random);
  const creates = new IdempotentCreates<Customer>({
    db,
    collection: customers,
    faults,
    alter: (customer) => ({ ...customer, name: alterOneCharacter(customer.name) }),
    duplicate: (customer) => ({ ...customer, id: opaqueId('cus') }),
  });
  const shutdown = new AbortController();

  const snapshot = () => ({ customers: customers.all(), usage_records: usageRecords.all() });
  // Issued tokens survive a reset: a reset wipes business records, not a connected client's session.
  const reset = () => {
    customers.clear();
    usageRecords.clear();
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
  app.use(
    apiFaultMiddleware({
      faults,
      render: renderBillingFault,
      logger,
      shutdown: shutdown.signal,
      eligibleKinds: (req: Request) =>
        req.path === tokenEndpointPath ? tokenEndpointFaultKinds : apiResponseFaultKinds,
    }),
  );
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use(
    oauthTokenRouter({
      client: {
        clientId: options.clientId ?? sandboxDevDefaults.BILLING_CLIENT_ID,
        clientSecret: options.clientSecret ?? sandboxDevDefaults.BILLING_CLIENT_SECRET,
      },
      tokens,
    }),
  );
  app.use(usageRecordApiRouter({ tokens, customers, usageRecords, faults }));
  app.use(customerApiRouter({ tokens, customers, creates, faults }));
  app.use(jsonErrorHandler(sendBillingError, logger));

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
