import express, { type Router } from 'express';
import { constantTimeEqual } from '../kit/constant-time-equal';
import { webhookFaultKinds, type WebhookFaultKind } from '../kit/faults/fault-kinds';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues, type FieldIssue } from '../kit/validation-issues';
import { sendCrmError } from './crm-errors';
import { dealStages, type Deal, type DealStage } from './crm-records';
import type { CrmStore } from './crm-store';
import { createDealInput } from './deal-input';
import { dealWonEnvelope } from './webhooks/deal-won-event';
import { applyWebhookFaults } from './webhooks/payload-faults';
import type { WebhookDispatcher } from '../kit/webhooks/webhook-dispatcher';
import type { WebhookEnvelope } from './webhooks/webhook-delivery';

export interface CrmApiOptions {
  store: CrmStore;
  faults: FaultRegistry;
  dispatcher: WebhookDispatcher<WebhookEnvelope>;
}

/** Rejects any `/api` request without `Authorization: Bearer <CRM_API_KEY>`. */
export function crmAuth(apiKey: string): express.RequestHandler {
  return (req, res, next) => {
    const presented = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (presented === undefined || !constantTimeEqual(presented, apiKey)) {
      sendCrmError(res, 401, 'UNAUTHORIZED', 'Missing or invalid API key');
      return;
    }
    next();
  };
}

/** The CRM's record API: deals (list, read, create, win), companies and contacts. camelCase throughout. */
export function crmApiRouter(options: CrmApiOptions): Router {
  const { store } = options;
  const router = express.Router();

  router.get('/api/deals', (req, res) => {
    const stage = req.query.stage;
    if (
      stage !== undefined &&
      !(typeof stage === 'string' && (dealStages as readonly string[]).includes(stage))
    ) {
      sendCrmError(res, 400, 'INVALID_QUERY', `stage must be one of ${dealStages.join(', ')}`);
      return;
    }
    const deals = stage === undefined ? store.deals.all() : store.deals.findBy('stage', stage as DealStage);
    res.json({ deals, totalCount: deals.length });
  });

  router.get('/api/deals/:id', (req, res) => {
    const deal = store.deals.get(req.params.id);
    if (!deal) {
      sendCrmError(res, 404, 'NOT_FOUND', `No deal ${req.params.id}`);
      return;
    }
    res.json(deal);
  });

  router.post('/api/deals', (req, res) => {
    const parsed = createDealInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendCrmError(res, 422, 'VALIDATION_FAILED', 'The deal is invalid', fieldIssues(parsed.error));
      return;
    }
    const input = parsed.data;
    const referenceErrors: FieldIssue[] = [];
    if (!store.companies.get(input.companyId)) {
      referenceErrors.push({ field: 'companyId', message: 'no such company' });
    }
    if (input.contactId) {
      const contact = store.contacts.get(input.contactId);
      if (!contact) referenceErrors.push({ field: 'contactId', message: 'no such contact' });
      else if (contact.companyId !== input.companyId) {
        referenceErrors.push({ field: 'contactId', message: 'contact belongs to another company' });
      }
    }
    if (referenceErrors.length > 0) {
      sendCrmError(res, 422, 'VALIDATION_FAILED', 'The deal is invalid', referenceErrors);
      return;
    }
    const now = new Date().toISOString();
    const deal: Deal = {
      id: opaqueId('deal'),
      title: input.title,
      companyId: input.companyId,
      contactId: input.contactId ?? null,
      amount: input.amount,
      currency: input.currency,
      stage: 'open',
      ownerEmail: input.ownerEmail,
      closeDate: input.closeDate ?? null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      wonAt: null,
    };
    res.status(201).json(store.deals.insert(deal));
  });

  router.post('/api/deals/:id/win', (req, res) => {
    const deal = store.deals.get(req.params.id);
    if (!deal) {
      sendCrmError(res, 404, 'NOT_FOUND', `No deal ${req.params.id}`);
      return;
    }
    if (deal.stage === 'won') {
      sendCrmError(res, 409, 'DEAL_ALREADY_WON', `Deal ${deal.id} was already won at ${deal.wonAt}`);
      return;
    }
    const company = store.companies.get(deal.companyId);
    if (!company) {
      sendCrmError(res, 409, 'COMPANY_MISSING', `Deal ${deal.id} has no company`);
      return;
    }
    const contact = deal.contactId === null ? undefined : store.contacts.get(deal.contactId);
    const now = new Date().toISOString();
    const won: Deal = { ...deal, stage: 'won', wonAt: now, updatedAt: now, version: deal.version + 1 };
    store.db.transaction(() => {
      store.deals.update(won);
      const faults = options.faults.takeAll(webhookFaultKinds).map((fault) => fault.kind as WebhookFaultKind);
      const payload = applyWebhookFaults(dealWonEnvelope(won, company, contact), faults);
      options.dispatcher.enqueue({ id: opaqueId('msg'), type: payload.type, payload, appliedFaults: faults });
    })();
    res.json(won);
  });

  router.get('/api/companies', (_req, res) => {
    const companies = store.companies.all();
    res.json({ companies, totalCount: companies.length });
  });

  router.get('/api/companies/:id', (req, res) => {
    const company = store.companies.get(req.params.id);
    if (!company) {
      sendCrmError(res, 404, 'NOT_FOUND', `No company ${req.params.id}`);
      return;
    }
    res.json(company);
  });

  router.get('/api/contacts', (req, res) => {
    const companyId = req.query.companyId;
    const contacts =
      typeof companyId === 'string' ? store.contacts.findBy('companyId', companyId) : store.contacts.all();
    res.json({ contacts, totalCount: contacts.length });
  });

  router.get('/api/contacts/:id', (req, res) => {
    const contact = store.contacts.get(req.params.id);
    if (!contact) {
      sendCrmError(res, 404, 'NOT_FOUND', `No contact ${req.params.id}`);
      return;
    }
    res.json(contact);
  });

  return router;
}
