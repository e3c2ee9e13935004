import type { ContractShape } from '../../contracts/source-contract';

const text = { types: ['string'], required: true } as const;
const optionalText = { types: ['string', 'null'], required: false } as const;

/**
 * The CRM's `deal.won` payload as its API documentation describes it (see sandbox/crm for the stand-in).
 * `amount` may be typed text ("12,500.00") or a number; the contact may be null when the deal has none.
 */
export const crmDealWonContract: ContractShape = {
  deal: {
    types: ['object'],
    required: true,
    fields: {
      id: text,
      title: text,
      amount: { types: ['string', 'number'], required: true },
      currency: text,
      stage: text,
      ownerEmail: optionalText,
      closeDate: optionalText,
      wonAt: optionalText,
      version: { types: ['number'], required: true },
      updatedAt: optionalText,
    },
  },
  company: {
    types: ['object'],
    required: true,
    fields: {
      id: text,
      name: text,
      country: optionalText,
      domain: optionalText,
      phone: optionalText,
    },
  },
  contact: {
    types: ['object', 'null'],
    required: false,
    fields: {
      id: text,
      firstName: optionalText,
      lastName: optionalText,
      email: optionalText,
      phone: optionalText,
    },
  },
};
