import express, { type RequestHandler, type Router } from 'express';
import { constantTimeEqual } from '../kit/constant-time-equal';
import { webhookFaultKinds, type WebhookFaultKind } from '../kit/faults/fault-kinds';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { readIdempotencyKey, type IdempotentCreates } from '../kit/idempotent-creates';
import { opaqueId } from '../kit/opaque-id';
import { fieldIssues } from '../kit/validation-issues';
import type { WebhookDispatcher } from '../kit/webhooks/webhook-dispatcher';
import { sendHelpdeskError } from './helpdesk-errors';
import type { HelpdeskStore } from './helpdesk-store';
import { createTicketInput } from './ticket-input';
import { ticketStatuses, type Ticket, type TicketStatus } from './ticket-records';
import { applyHelpdeskWebhookFaults } from './webhooks/payload-faults';
import { ticketEscalatedEvent, type HelpdeskEvent } from './webhooks/ticket-escalated-event';

export interface TicketApiOptions {
  store: HelpdeskStore;
  creates: IdempotentCreates<Ticket>;
  faults: FaultRegistry;
  dispatcher: WebhookDispatcher<HelpdeskEvent>;
}

/** Rejects any `/api` request without `Authorization: Token <HELPDESK_API_KEY>`. */
export function helpdeskAuth(apiKey: string): RequestHandler {
  return (req, res, next) => {
    const presented = req.get('authorization')?.match(/^Token\s+(\S+)$/i)?.[1];
    if (presented === undefined || !constantTimeEqual(presented, apiKey)) {
      res.setHeader('WWW-Authenticate', 'Token');
      sendHelpdeskError(res, 401, 'unauthorized', 'Send Authorization: Token <api key>');
      return;
    }
    next();
  };
}

/** `/api/tickets`: list, read, create and escalate tickets. Escalating sends a signed `ticket.escalated`. */
export function ticketApiRouter(options: TicketApiOptions): Router {
  const { store } = options;
  const router = express.Router();

  router.get('/api/tickets', (req, res) => {
    const status = req.query.status;
    if (
      status !== undefined &&
      !(typeof status === 'string' && (ticketStatuses as readonly string[]).includes(status))
    ) {
      sendHelpdeskError(res, 400, 'invalid_query', `status must be one of ${ticketStatuses.join(', ')}`);
      return;
    }
    const tickets =
      status === undefined ? store.tickets.all() : store.tickets.findBy('status', status as TicketStatus);
    res.json({ tickets, count: tickets.length });
  });

  router.get('/api/tickets/:id', (req, res) => {
    const ticket = store.tickets.get(req.params.id);
    if (!ticket) {
      sendHelpdeskError(res, 404, 'not_found', `No ticket ${req.params.id}`);
      return;
    }
    res.json({ ticket });
  });

  router.post('/api/tickets', (req, res) => {
    const idempotency = readIdempotencyKey(req.get('idempotency-key'));
    if (!idempotency.ok) {
      sendHelpdeskError(res, 400, 'invalid_idempotency_key', idempotency.message);
      return;
    }
    const body: unknown = req.body;
    const previous = options.creates.check(idempotency.key, body);
    if (previous.kind === 'replay') {
      res.status(200).json({ ticket: previous.record });
      return;
    }
    if (previous.kind === 'key_reused') {
      sendHelpdeskError(
        res,
        409,
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request body',
      );
      return;
    }
    const parsed = createTicketInput.safeParse(body ?? {});
    if (!parsed.success) {
      const fields = fieldIssues(parsed.error);
      sendHelpdeskError(res, 422, 'validation_failed', describeFields(fields), fields);
      return;
    }
    const input = parsed.data;
    const now = Date.now();
    const ticket: Ticket = {
      id: opaqueId('tkt'),
      subject: input.subject,
      description: input.description,
      priority: input.priority ?? 'normal',
      status: 'open',
      requesterEmail: input.requesterEmail,
      crmCompanyId: input.crmCompanyId,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      escalatedAt: null,
    };
    const answered = options.creates.create(ticket, {
      key: idempotency.key,
      body,
      target: { method: req.method, path: req.path },
    });
    res.status(201).json({ ticket: answered });
  });

  // Escalating an escalated ticket again is allowed: it is a new event about a new revision.
  router.post('/api/tickets/:id/escalate', (req, res) => {
    const ticket = store.tickets.get(req.params.id);
    if (!ticket) {
      sendHelpdeskError(res, 404, 'not_found', `No ticket ${req.params.id}`);
      return;
    }
    const now = Date.now();
    const escalated: Ticket = {
      ...ticket,
      status: 'escalated',
      escalatedAt: now,
      updatedAt: now,
      revision: ticket.revision + 1,
    };
    store.db.transaction(() => {
      store.tickets.update(escalated);
      const faults = options.faults.takeAll(webhookFaultKinds).map((fault) => fault.kind as WebhookFaultKind);
      const event = applyHelpdeskWebhookFaults(ticketEscalatedEvent(escalated), faults);
      options.dispatcher.enqueue({ id: event.id, type: event.event, payload: event, appliedFaults: faults });
    })();
    res.json({ ticket: escalated });
  });

  return router;
}

function describeFields(fields: readonly { field: string; message: string }[]): string {
  return `The ticket is invalid: ${fields.map(({ field, message }) => `${field} ${message}`).join('; ')}`;
}
