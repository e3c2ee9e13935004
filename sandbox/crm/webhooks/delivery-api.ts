import express, { type Router } from 'express';
import type { DocumentCollection } from '../../kit/document-collection';
import { sendCrmError } from '../crm-errors';
import type { WebhookDelivery } from './webhook-delivery';
import type { WebhookDispatcher } from './webhook-dispatcher';

/** `/api/webhooks/deliveries`: the CRM's delivery log and redeliver button. Mounted behind CRM auth. */
export function deliveryApiRouter(options: {
  deliveries: DocumentCollection<WebhookDelivery>;
  dispatcher: WebhookDispatcher;
}): Router {
  const router = express.Router();

  router.get('/api/webhooks/deliveries', (_req, res) => {
    const deliveries = options.deliveries.all();
    res.json({ deliveries, totalCount: deliveries.length });
  });

  router.get('/api/webhooks/deliveries/:id', (req, res) => {
    const delivery = options.deliveries.get(req.params.id);
    if (!delivery) {
      sendCrmError(res, 404, 'NOT_FOUND', `No webhook delivery ${req.params.id}`);
      return;
    }
    res.json(delivery);
  });

  router.post('/api/webhooks/deliveries/:id/redeliver', async (req, res) => {
    const result = await options.dispatcher.redeliver(req.params.id);
    if (!result) {
      sendCrmError(res, 404, 'NOT_FOUND', `No webhook delivery ${req.params.id}`);
      return;
    }
    res.json(result);
  });

  return router;
}
