import type { TargetRecord, TargetResource } from '../kit/target-resource';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { BillingClient } from './billing-client';

/** Billing customers (`/v1/customers`): lookup by `external_id`, idempotent create, read, partial update. */
export function billingCustomers(client: BillingClient): TargetResource {
  return {
    async findByExternalId(externalId) {
      const query = new URLSearchParams({ external_id: externalId });
      const customers = await client.value(
        { method: 'GET', path: `/v1/customers?${query}` },
        'find customer',
        'customers',
      );
      return Array.isArray(customers) && customers.length > 0 ? toTargetRecord(customers[0]) : undefined;
    },

    async create(customer, idempotencyKey) {
      return toTargetRecord(
        await client.value(
          {
            method: 'POST',
            path: '/v1/customers',
            headers: { 'idempotency-key': idempotencyKey },
            body: customer,
          },
          'create customer',
          'customer',
        ),
      );
    },

    async update(id, fields) {
      const { external_id: _link, ...changes } = fields;
      return toTargetRecord(
        await client.value(
          { method: 'POST', path: `/v1/customers/${encodeURIComponent(id)}`, body: changes },
          'update customer',
          'customer',
        ),
      );
    },

    async read(id) {
      try {
        return toTargetRecord(
          await client.value(
            { method: 'GET', path: `/v1/customers/${encodeURIComponent(id)}` },
            'read customer',
            'customer',
          ),
        );
      } catch (error) {
        if (error instanceof TargetFailure && error.details.status === 404) return undefined;
        throw error;
      }
    },
  };
}

function toTargetRecord(customer: unknown): TargetRecord {
  const fields = customer as Record<string, unknown>;
  if (!fields || typeof fields.id !== 'string') {
    throw new TargetFailure(FailureClass.unexpectedResponse, 'billing customer has no id', {
      responseBody: customer,
    });
  }
  return { id: fields.id, fields };
}
