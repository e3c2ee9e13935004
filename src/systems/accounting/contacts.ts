import type { TargetRecord, TargetResource } from '../kit/target-resource';
import { exactMatch } from '../kit/exact-lookup';
import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { AccountingClient } from './accounting-client';

const contactsPath = '/api.accounting/v1/Contacts';

/** Invoice contacts: found by `ExternalRef`, created with `Idempotency-Key`, read back, updated with PUT. */
export function accountingContacts(client: AccountingClient): TargetResource {
  const one = (contacts: Record<string, unknown>[], what: string): TargetRecord => {
    const contact = contacts[0];
    if (!contact || typeof contact.ContactID !== 'string') {
      throw new TargetFailure(FailureClass.unexpectedResponse, `${what}: the answer holds no contact`, {
        responseBody: contacts,
      });
    }
    return { id: contact.ContactID, fields: contact };
  };
  const contactPath = (id: string) => `${contactsPath}/${encodeURIComponent(id)}`;
  return {
    async findByExternalId(externalId) {
      const query = new URLSearchParams({ ExternalRef: externalId });
      const contacts = await client.contacts(
        { method: 'GET', path: `${contactsPath}?${query}` },
        'find contact',
      );
      const match = exactMatch(contacts, {
        key: externalId,
        linkField: 'ExternalRef',
        noun: 'accounting contact',
        idOf: (contact) => String(contact.ContactID),
      });
      return match ? one([match], 'find contact') : undefined;
    },
    async create(contact, idempotencyKey) {
      const contacts = await client.contacts(
        { method: 'POST', path: contactsPath, headers: { 'idempotency-key': idempotencyKey }, body: contact },
        'create contact',
      );
      return one(contacts, 'create contact');
    },
    async update(id, fields, idempotencyKey) {
      const { ExternalRef: _link, ...changes } = fields;
      return one(
        await client.contacts(
          {
            method: 'PUT',
            path: contactPath(id),
            body: changes,
            ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
          },
          'update contact',
        ),
        'update contact',
      );
    },
    async read(id) {
      try {
        return one(
          await client.contacts({ method: 'GET', path: contactPath(id) }, 'read contact'),
          'read contact',
        );
      } catch (error) {
        if (error instanceof TargetFailure && error.details.status === 404) return undefined;
        throw error;
      }
    },
  };
}
