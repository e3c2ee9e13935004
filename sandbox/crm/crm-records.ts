/** A CRM company, stored as the salesperson typed it: free-text country, national or international phone. */
export interface Company {
  id: string;
  name: string;
  country: string;
  domain: string;
  phone: string;
  createdAt: string;
}

/** A CRM contact; `email` is as typed, sometimes with stray spaces or capitals. */
export interface Contact {
  id: string;
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

export const dealStages = ['open', 'won', 'lost'] as const;
export type DealStage = (typeof dealStages)[number];

/** A CRM deal. `amount` is the en-US string the user typed ("12,500.00"); `currency` is an ISO code in any case. */
export interface Deal {
  id: string;
  title: string;
  companyId: string;
  contactId: string | null;
  amount: string;
  currency: string;
  stage: DealStage;
  ownerEmail: string;
  closeDate: string | null;
  /** Bumped on every change, so receivers can order events about one deal. */
  version: number;
  createdAt: string;
  updatedAt: string;
  wonAt: string | null;
}

/**
 * A note on a company's record, written by an integration (the CRM as a target). `externalId` names the
 * record in the other system the note came from (a helpdesk ticket ID), so a writer can find its own note.
 */
export interface Note {
  id: string;
  companyId: string;
  body: string;
  externalId: string;
  createdAt: string;
  updatedAt: string;
}
