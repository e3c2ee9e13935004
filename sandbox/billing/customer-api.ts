import express, { type Router } from 'express';
import type { DocumentCollection } from '../kit/document-collection';
import { readIdempotencyKey, type IdempotentCreates } from '../kit/idempotent-creates';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import type { AccessTokens } from './access-tokens';
import { oauthError, sendBillingError } from './billing-errors';
import { createCustomerInput, updateCustomerInput, type Customer } from './customer-input';

export interface CustomerApiOptions {
  tokens: AccessTokens;
  customers: DocumentCollection<Customer>;
  creates: IdempotentCreates<Customer>;
}

/** `/v1/customers`: the billing API, authenticated with a bearer token from `/oauth/token`. */
export function customerApiRouter(options: CustomerApiOptions): Router {
  const router = express.Router();

  router.use('/v1', (req, res, next) => {
    const authorization = req.get('authorization');
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const check = token === undefined ? 'missing' : options.tokens.check(token);
    if (check === 'valid') {
      next();
      return;
    }
    const description =
      check === 'expired'
        ? 'The access token expired'
        : check === 'missing'
          ? 'No bearer access token was provided'
          : 'The access token is not valid';
    res.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description}"`);
    res.status(401).json(oauthError('invalid_token', description));
  });

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
      // The vendor's quirk: validation failures are HTTP 200, reported one field at a time.
      const [issue] = fieldIssues(parsed.error);
      res.status(200).json({
        success: false,
        error: {
          code: 'validation_error',
          field: issue?.field ?? '(body)',
          message: issue?.message ?? 'is invalid',
        },
      });
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
      externalId === undefined
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
      const [issue] = fieldIssues(parsed.error);
      res.status(200).json({
        success: false,
        error: {
          code: 'validation_error',
          field: issue?.field ?? '(body)',
          message: issue?.message ?? 'is invalid',
        },
      });
      return;
    }
    const updated: Customer = { ...customer };
    for (const [field, value] of Object.entries(parsed.data)) {
      if (value !== undefined) (updated as unknown as Record<string, unknown>)[field] = value;
    }
    res.json({ success: true, customer: options.customers.update(updated) });
  });

  router.use((_req, res) => {
    sendBillingError(res, 404, 'not_found', 'Unknown route');
  });

  return router;
}
