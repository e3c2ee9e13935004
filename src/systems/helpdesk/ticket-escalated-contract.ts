import type { ContractShape } from '../../contracts/source-contract';

const text = { types: ['string'], required: true } as const;
const epochMs = { types: ['number'], required: true } as const;

/** The helpdesk's `ticket.escalated` data as its documentation describes it (see sandbox/helpdesk). */
export const ticketEscalatedContract: ContractShape = {
  ticket: {
    types: ['object'],
    required: true,
    fields: {
      id: text,
      subject: text,
      description: text,
      priority: text,
      status: text,
      requesterEmail: text,
      crmCompanyId: text,
      revision: { types: ['number'], required: true },
      createdAt: epochMs,
      updatedAt: epochMs,
      escalatedAt: { types: ['number', 'null'], required: true },
    },
  },
};
