import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { applyChanges } from '../kit/apply-changes';
import type { DocumentCollection } from '../kit/document-collection';
import { readIdempotencyKey, type IdempotentCreates } from '../kit/idempotent-creates';
import type { FaultRegistry } from '../kit/faults/fault-registry';
import { ignoresFilter } from '../kit/faults/lookup-faults';
import { fieldIssues } from '../kit/validation-issues';
import { sendAccountingError, sendValidationException } from './accounting-errors';
import { createContactInput, publicContact, updateContactInput, type StoredContact } from './contact-input';

export const contactsPath = '/api.accounting/v1/Contacts';

/** `/api.accounting/v1/Contacts`: invoice contacts. Every answer wraps contacts as `{"Contacts": [ … ]}`. */
export function contactApiRouter(options: {
  contacts: DocumentCollection<StoredContact>;
  creates: IdempotentCreates<StoredContact>;
  faults: FaultRegistry;
}): Router {
  const router = express.Router();
  const answer = (res: express.Response, status: number, contacts: StoredContact[]) =>
    res.status(status).json({ Contacts: contacts.map(publicContact) });
  const notFound = (res: express.Response, id: string) =>
    sendAccountingError(res, 404, 'NotFound', `No contact with ContactID ${id}`);

  router.post(contactsPath, (req, res) => {
    const idempotency = readIdempotencyKey(req.get('idempotency-key'));
    if (!idempotency.ok) {
      sendAccountingError(res, 400, 'InvalidIdempotencyKey', idempotency.message);
      return;
    }
    const body: unknown = req.body;
    const previous = options.creates.check(idempotency.key, body);
    if (previous.kind === 'replay') {
      answer(res, 200, [previous.record]);
      return;
    }
    if (previous.kind === 'key_reused') {
      sendAccountingError(
        res,
        409,
        'IdempotencyKeyReused',
        'This Idempotency-Key was already used with a different request body',
      );
      return;
    }
    const parsed = createContactInput.safeParse(body ?? {});
    if (!parsed.success) {
      sendValidationException(res, fieldIssues(parsed.error));
      return;
    }
    const input = parsed.data;
    const contactId = randomUUID();
    const contact: StoredContact = {
      id: contactId,
      ContactID: contactId,
      Name: input.Name,
      EmailAddress: input.EmailAddress ?? null,
      CountryCode: input.CountryCode,
      Currency: input.Currency,
      ExternalRef: input.ExternalRef,
      ContactStatus: 'ACTIVE',
      UpdatedDateUTC: new Date().toISOString(),
    };
    const answered = options.creates.create(contact, {
      key: idempotency.key,
      body,
      target: { method: req.method, path: req.path },
    });
    answer(res, 201, [answered]);
  });

  router.get(contactsPath, (req, res) => {
    const externalRef = req.query.ExternalRef;
    if (externalRef !== undefined && typeof externalRef !== 'string') {
      sendAccountingError(res, 400, 'InvalidQuery', 'ExternalRef must be given once');
      return;
    }
    answer(
      res,
      200,
      externalRef === undefined || ignoresFilter(options.faults, req)
        ? options.contacts.all()
        : options.contacts.findBy('ExternalRef', externalRef),
    );
  });

  router.get(`${contactsPath}/:contactId`, (req, res) => {
    const contact = options.contacts.get(req.params.contactId);
    if (!contact) {
      notFound(res, req.params.contactId);
      return;
    }
    answer(res, 200, [contact]);
  });

  router.put(`${contactsPath}/:contactId`, (req, res) => {
    const contact = options.contacts.get(req.params.contactId);
    if (!contact) {
      notFound(res, req.params.contactId);
      return;
    }
    const parsed = updateContactInput.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendValidationException(res, fieldIssues(parsed.error));
      return;
    }
    const { ExternalRef: _unchangeable, ...changes } = parsed.data;
    const updated = applyChanges<StoredContact>(contact, {
      ...changes,
      UpdatedDateUTC: new Date().toISOString(),
    });
    answer(res, 200, [options.contacts.update(updated)]);
  });

  return router;
}
