import express, { type Router } from 'express';
import { applyChanges } from '../kit/apply-changes';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { fieldIssues } from '../kit/validation-issues';
import { sendCrmError } from './crm-errors';
import type { Company, Deal, DealStage } from './crm-records';
import type { CrmStore } from './crm-store';
import { updateCompanyInput, updateDealInput } from './deal-changes-input';
import type { DealEventType } from './webhooks/deal-won-event';
import { storeDealAndSendEvent } from './webhooks/send-deal-event';
import type { WebhookDispatcher } from '../kit/webhooks/webhook-dispatcher';
import type { WebhookEnvelope } from './webhooks/webhook-delivery';

export interface DealLifecycleApiOptions {
  store: CrmStore;
  faults: FaultRegistry;
  dispatcher: WebhookDispatcher<WebhookEnvelope>;
}

/**
 * What happens to deals after they are created: edits (`deal.updated`), losing a deal (`deal.lost`), reopening a
 * won or lost one (`deal.reopened`), and company edits, which the CRM announces as `deal.updated` of each of the
 * company's deals (receivers of deal events then see the new name). Every change bumps the deal's `version`.
 */
export function dealLifecycleRouter(options: DealLifecycleApiOptions): Router {
  const { store } = options;
  const router = express.Router();

  router.patch('/api/deals/:id', (req, res) => {
    const deal = store.deals.get(req.params.id);
    if (!deal) {
      sendCrmError(res, 404, 'NOT_FOUND', `No deal ${req.params.id}`);
      return;
    }
    const parsed = updateDealInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendCrmError(res, 422, 'VALIDATION_FAILED', 'The deal update is invalid', fieldIssues(parsed.error));
      return;
    }
    const contactId = parsed.data.contactId;
    if (contactId) {
      const contact = store.contacts.get(contactId);
      if (!contact || contact.companyId !== deal.companyId) {
        sendCrmError(res, 422, 'VALIDATION_FAILED', 'The deal update is invalid', [
          { field: 'contactId', message: contact ? 'contact belongs to another company' : 'no such contact' },
        ]);
        return;
      }
    }
    const updated = bump(applyChanges<Deal>(deal, parsed.data));
    storeDealAndSendEvent(options, 'deal.updated', updated);
    res.json(updated);
  });

  router.post('/api/deals/:id/lose', (req, res) => {
    moveStage(req.params.id, 'lost', 'deal.lost', res);
  });

  router.post('/api/deals/:id/reopen', (req, res) => {
    moveStage(req.params.id, 'open', 'deal.reopened', res);
  });

  router.patch('/api/companies/:id', (req, res) => {
    const company = store.companies.get(req.params.id);
    if (!company) {
      sendCrmError(res, 404, 'NOT_FOUND', `No company ${req.params.id}`);
      return;
    }
    const parsed = updateCompanyInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendCrmError(res, 422, 'VALIDATION_FAILED', 'The company update is invalid', fieldIssues(parsed.error));
      return;
    }
    const updated = applyChanges<Company>(company, parsed.data);
    store.companies.update(updated);
    for (const deal of store.deals.all().filter((each) => each.companyId === company.id)) {
      storeDealAndSendEvent(options, 'deal.updated', bump(deal));
    }
    res.json(updated);
  });

  function moveStage(id: string, stage: DealStage, type: DealEventType, res: express.Response): void {
    const deal = store.deals.get(id);
    if (!deal) {
      sendCrmError(res, 404, 'NOT_FOUND', `No deal ${id}`);
      return;
    }
    if (deal.stage === stage) {
      sendCrmError(res, 409, 'DEAL_ALREADY_IN_STAGE', `Deal ${deal.id} is already ${stage}`);
      return;
    }
    const moved = bump({ ...deal, stage, wonAt: stage === 'open' ? null : deal.wonAt });
    storeDealAndSendEvent(options, type, moved);
    res.json(moved);
  }

  return router;
}

/** Every change is a new version of the deal, so receivers can order its events. */
function bump(deal: Deal): Deal {
  return { ...deal, version: deal.version + 1, updatedAt: new Date().toISOString() };
}
