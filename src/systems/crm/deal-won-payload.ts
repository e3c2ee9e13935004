/**
 * The `data` of the CRM's `deal.won` webhook as the CRM documents it. Values are as people typed them, so every
 * leaf is `unknown` at runtime; this type exists so the mapping names only fields that exist.
 */
export interface CrmDealWonPayload {
  deal: {
    id: string;
    title: string;
    /** en-US formatted text (`"12,500.00"`) or a JSON number. */
    amount: string | number;
    currency: string;
    stage: string;
    ownerEmail: string;
    closeDate: string;
    wonAt: string;
    version: number;
    updatedAt: string;
  };
  company: {
    id: string;
    name: string;
    country: string;
    domain: string;
    phone: string;
  };
  contact: {
    id: string;
    firstName: string;
    lastName: string;
    email: string;
    phone: string;
  } | null;
}
