import express, { type Router } from 'express';
import { applyChanges } from '../kit/apply-changes';
import type { DocumentCollection } from '../kit/document-collection';
import { readIdempotencyKey, type IdempotentCreates } from '../kit/idempotent-creates';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { ignoresFilter } from '../kit/faults/lookup-faults';
import { opaqueId } from '../kit/opaque-id';
import type { AccessTokens } from './access-tokens';
import { bearerAuth } from './bearer-auth';
import { sendBillingError, sendBillingValidationError } from './billing-errors';
import { createCustomerInput, updateCustomerInput, type Customer } from './customer-input';

export interface CustomerApiOptions {
  tokens: AccessTokens;
  customers: DocumentCollection<Customer>;
  creates: IdempotentCreates<Customer>;
  faults: FaultRegistry;
}

/** `/v1/customers`: the billing API, authenticated with a bearer token from `/oauth/token`. */
export function customerApiRouter(options: CustomerApiOptions): Router {
  const router = express.Router();

  router.use('/v1', bearerAuth(options.tokens));

  router.post('/v1/customers', (req, res) => {
    const idempotency = readIdempotencyKey(req.get('idempotency-key'));
    if (!idempotency.ok) {
      sendBillingError(res, 400, 'invalid_idempotency_key', idempotency.message);
      return;
    }
    const body: unknown = req.body;
    const previous = options.creates.check(idempotency.key, body);
    if (previous.kind === 'replay') {
      res.status(200).json({ success: true, customer: previous.record });
      return;
    }
    if (previous.kind === 'key_reused') {
      sendBillingError(
        res,
        409,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with different parameters',
      );
      return;
    }
    const parsed = createCustomerInput.safeParse(body ?? {});
    if (!parsed.success) {
      sendBillingValidationError(res, parsed.error);
      return;
    }
    const input = parsed.data;
    const customer: Customer = {
      id: opaqueId('cus'),
      name: input.name,
      country: input.country,
      currency: input.currency,
      email: input.email ?? null,
      phone: input.phone ?? null,
      external_id: input.external_id,
      metadata: input.metadata ?? {},
      created_at: new Date().toISOString(),
    };
    const answered = options.creates.create(customer, {
      key: idempotency.key,
      body,
      target: { method: req.method, path: req.path },
    });
    res.status(201).json({ success: true, customer: answered });
  });

  router.get('/v1/customers', (req, res) => {
    const externalId = req.query.external_id;
    if (externalId !== undefined && typeof externalId !== 'string') {
      sendBillingError(res, 400, 'invalid_request', 'external_id must be given once');
      return;
    }
    const customers =
      externalId === undefined || ignoresFilter(options.faults, req)
        ? options.customers.all()
        : options.customers.findBy('external_id', externalId);
    res.json({ success: true, customers });
  });

  router.get('/v1/customers/:id', (req, res) => {
    const customer = options.customers.get(req.params.id);
    if (!customer) {
      sendBillingError(res, 404, 'resource_missing', `No such customer: ${req.params.id}`);
      return;
    }
    res.json({ success: true, customer });
  });

  // Update in the vendor's style: POST to the resource, validation failures as HTTP 200 like creates.
  router.post('/v1/customers/:id', (req, res) => {
    const customer = options.customers.get(req.params.id);
    if (!customer) {
      sendBillingError(res, 404, 'resource_missing', `No such customer: ${req.params.id}`);
      return;
    }
    const parsed = updateCustomerInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendBillingValidationError(res, parsed.error);
      return;
    }
    const updated = applyChanges<Customer>(customer, parsed.data);
    res.json({ success: true, customer: options.customers.update(updated) });
  });

  router.use((_req, res) => {
    sendBillingError(res, 404, 'not_found', 'Unknown route');
  });

  return router;
}
