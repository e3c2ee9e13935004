import { expect } from 'vitest';
import { crmDeliveries, winNewDeal } from '../../support/crm-client';
import { waitFor } from '../../support/wait-for';
import { accountingContactsFor, targetRecordsFor } from '../../support/sandbox-control';
import type { IntegrationCase } from '../integration-case';

/** client-onboarding: a deal won in the CRM → a project and a billing customer. */
export const clientOnboardingCase: IntegrationCase = {
  name: 'client-onboarding',
  kind: 'webhook',
  corpus: {
    file: 'test/fixtures/crm-deal-won-payloads.ndjson',
    expected: { records: 33, ok: 13, ok_with_warnings: 7, rejected: 11, unreadable: 1, ignored: 1 },
  },
  async trigger(stack) {
    const dealId = await winNewDeal(stack.sandboxes.crm.url);
    return { workflowId: `client-onboarding:crm:${dealId}`, recordKey: dealId };
  },
  async expectLanded(stack, run) {
    const { projects, customers } = await targetRecordsFor(stack.sandboxes, run.recordKey);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ currency: 'EUR', external_id: run.recordKey });
    // The accounting system is connected once and written by client-onboarding through its declaration alone.
    const contacts = await accountingContactsFor(stack.sandboxes, run.recordKey);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ Currency: 'EUR', CountryCode: customers[0]!.country });
  },
  faults: [
    {
      title: 'project-tool http_500',
      sandbox: 'projectTool',
      fault: { kind: 'http_500', rate: 1, route: 'POST /v2/projects' },
      alertClass: 'RetryExhausted',
    },
    {
      title: 'billing error_body_200',
      sandbox: 'billing',
      fault: { kind: 'error_body_200', rate: 1 },
      alertClass: 'ErrorInSuccessBody',
    },
    {
      title: 'project-tool expired_credentials',
      sandbox: 'projectTool',
      fault: { kind: 'expired_credentials', rate: 1 },
      alertClass: 'CredentialsRejected',
    },
    {
      title: 'billing drop_write',
      sandbox: 'billing',
      fault: { kind: 'drop_write', count: 1 },
      alertClass: 'DestinationMismatch',
    },
    {
      title: 'project-tool alter_write',
      sandbox: 'projectTool',
      fault: { kind: 'alter_write', count: 1 },
      alertClass: 'DestinationMismatch',
    },
    {
      title: 'accounting http_500',
      sandbox: 'accounting',
      fault: { kind: 'http_500', rate: 1 },
      alertClass: 'RetryExhausted',
    },
    {
      title: 'accounting error_body_200',
      sandbox: 'accounting',
      fault: { kind: 'error_body_200', rate: 1 },
      alertClass: 'ErrorInSuccessBody',
    },
    {
      title: 'accounting drop_write',
      sandbox: 'accounting',
      fault: { kind: 'drop_write', count: 1 },
      alertClass: 'DestinationMismatch',
    },
    {
      title: 'crm webhook_empty_payload',
      sandbox: 'crm',
      fault: { kind: 'webhook_empty_payload', count: 1 },
      alertClass: 'EmptyPayload',
      redrive: 'skip',
      async parkedWorkflow(stack) {
        const delivery = await waitFor('the empty delivery', async () =>
          (await crmDeliveries(stack.sandboxes.crm.url)).find(
            (entry) => Object.keys(entry.payload.data).length === 0,
          ),
        );
        return `client-onboarding:crm:unidentified-${delivery.eventId}`;
      },
    },
    {
      title: 'crm webhook_missing_field',
      sandbox: 'crm',
      fault: { kind: 'webhook_missing_field', count: 1 },
      alertClass: 'SchemaDrift',
      redrive: {
        correct: (payload) => ({
          ...payload,
          deal: { ...(payload.deal as Record<string, unknown>), amount: '4,200.00' },
        }),
      },
    },
  ],
};
