import express, { type Router } from 'express';
import type { DocumentCollection } from '../document-collection';
import type { WebhookDelivery } from './webhook-delivery';
import type { WebhookDispatcher } from './webhook-dispatcher';

/** Answers "no such delivery" in the vendor's own error envelope. */
export type SendDeliveryNotFound = (res: express.Response, deliveryId: string) => void;

/**
 * `/api/webhooks/deliveries`: a vendor's delivery log and redeliver button, mounted behind the vendor's auth.
 * Lists answer `{deliveries, totalCount}`; a single delivery is answered as stored.
 */
export function deliveryApiRouter<Payload>(options: {
  deliveries: DocumentCollection<WebhookDelivery<Payload>>;
  dispatcher: WebhookDispatcher<Payload>;
  sendNotFound: SendDeliveryNotFound;
}): Router {
  const router = express.Router();

  router.get('/api/webhooks/deliveries', (_req, res) => {
    const deliveries = options.deliveries.all();
    res.json({ deliveries, totalCount: deliveries.length });
  });

  router.get('/api/webhooks/deliveries/:id', (req, res) => {
    const delivery = options.deliveries.get(req.params.id);
    if (!delivery) {
      options.sendNotFound(res, req.params.id);
      return;
    }
    res.json(delivery);
  });

  router.post('/api/webhooks/deliveries/:id/redeliver', async (req, res) => {
    const result = await options.dispatcher.redeliver(req.params.id);
    if (!result) {
      options.sendNotFound(res, req.params.id);
      return;
    }
    res.json(result);
  });

  return router;
}
