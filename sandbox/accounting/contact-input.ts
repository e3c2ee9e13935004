import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { characterCount, iso4217Currency, requiredText } from '../kit/field-rules';

const requiredString = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

/** Body of `POST /api.accounting/v1/Contacts`. PascalCase; unknown fields are refused. */
export const createContactInput = z.strictObject({
  Name: requiredText(255),
  EmailAddress: z
    .string({ error: 'must be a string' })
    .refine((value) => characterCount(value) <= 255, 'must be at most 255 characters')
    .pipe(z.email({ error: 'must be an email address' }))
    .nullable()
    .optional(),
  CountryCode: requiredString().refine(
    (value) => /^[A-Z]{2}$/.test(value) && countries.isValid(value),
    'must be an upper-case ISO 3166-1 alpha-2 country code, e.g. DE',
  ),
  Currency: requiredString().pipe(iso4217Currency),
  ExternalRef: requiredText(255),
});
export type CreateContactInput = z.infer<typeof createContactInput>;

/** Body of `PUT /api.accounting/v1/Contacts/:ContactID`: a partial update; the link to the source stays. */
export const updateContactInput = createContactInput
  .omit({ ExternalRef: true })
  .partial()
  .extend({ ExternalRef: z.never({ error: 'cannot be changed' }).optional() });

/** An invoice contact as the accounting system returns it. */
export interface Contact {
  ContactID: string;
  Name: string;
  EmailAddress: string | null;
  CountryCode: string;
  Currency: string;
  /** The source record's ID (the CRM deal), so a writer can find its own contact. */
  ExternalRef: string;
  ContactStatus: 'ACTIVE';
  UpdatedDateUTC: string;
}

/** How a contact is kept: the kit's collections key records by `id`, which is the ContactID. */
export type StoredContact = Contact & { id: string };

export function publicContact({ id: _id, ...contact }: StoredContact): Contact {
  return contact;
}
