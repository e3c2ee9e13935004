import type { SystemConnection, SystemDefinition } from '../system';
import { checkIsoDateTime, checkUrl } from '../kit/setting-checks';
import type { TargetResource } from '../kit/target-resource';
import { createAccountingClient } from './accounting-client';
import { accountingContacts } from './contacts';

/** The accounting system connected once: its invoice contacts. */
export interface AccountingConnection extends SystemConnection {
  resources: { contacts: TargetResource };
}

/** The accounting system (HTTP Basic, PascalCase, `{"Contacts": […]}` answers): invoice contacts. */
export const accounting: SystemDefinition<AccountingConnection> = {
  name: 'accounting',
  title: 'Accounting',
  settings: {
    BASE_URL: { description: 'accounting API', default: 'http://127.0.0.1:4005', check: checkUrl },
    CLIENT_ID: {
      description: 'accounting client ID (HTTP Basic user)',
      secret: true,
      developmentDefault: 'loudwire-dev',
    },
    CLIENT_SECRET: {
      description: 'accounting client secret (HTTP Basic password)',
      secret: true,
      developmentDefault: 'accounting_dev_secret',
    },
    CLIENT_SECRET_EXPIRES_AT: {
      description: 'ISO date the secret expires; the credential check warns before',
      optional: true,
      check: checkIsoDateTime,
    },
  },
  credentialExpirySetting: 'CLIENT_SECRET_EXPIRES_AT',
  connect({ settings, timeoutMs, logger }) {
    const client = createAccountingClient(
      {
        baseUrl: settings.BASE_URL!,
        clientId: settings.CLIENT_ID!,
        clientSecret: settings.CLIENT_SECRET!,
        timeoutMs,
      },
      logger,
    );
    return {
      resources: { contacts: accountingContacts(client) },
      async probeCredentials() {
        await client.contacts(
          { method: 'GET', path: '/api.accounting/v1/Contacts?ExternalRef=__loudwire_credential_probe__' },
          'probe',
        );
      },
    };
  },
};
