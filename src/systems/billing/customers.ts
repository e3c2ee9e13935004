import type { TargetRecord, TargetResource } from '../kit/target-resource';
import { exactMatch } from '../kit/exact-lookup';
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
      const match = exactMatch((Array.isArray(customers) ? customers : []) as Record<string, unknown>[], {
        key: externalId,
        linkField: 'external_id',
        noun: 'billing customer',
        idOf: (record) => String(record.id),
      });
      return match ? toTargetRecord(match) : undefined;
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

    async update(id, fields, idempotencyKey) {
      const { external_id: _link, ...changes } = fields;
      return toTargetRecord(
        await client.value(
          {
            method: 'POST',
            path: `/v1/customers/${encodeURIComponent(id)}`,
            body: changes,
            ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
          },
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
