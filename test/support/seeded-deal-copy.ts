import { crmCall } from './crm-client';

interface SeededDeal {
  title: string;
  companyId: string;
  contactId: string | null;
  amount: string;
  currency: string;
  ownerEmail: string;
  closeDate: string | null;
}

/**
 * Creates a new open deal in a test stack's CRM with the same company, contact, title, amount, currency, owner
 * and close date as the seeded one (`deal_seed01` …), and returns its ID.
 *
 * Why not win the seeded deal itself: every test stack's CRM holds the same seeded IDs, a record's workflow ID
 * is its deal's (`client-onboarding:crm:deal_seed01`), workflow IDs are namespace-wide on the shared test dev
 * server, and a record stays open for its dedup window (days). A second test file winning or editing the same
 * seeded deal signals the first one's workflow, on the first one's task queue: its events vanish from the second
 * test's view (the ledger saw 6 of 7 events, capture 4 of 5 deals). A copy keeps the seeded data — unicode,
 * right-to-left and CJK names, odd phones and amounts — under an ID no other test has.
 */
export async function copySeededDeal(crmUrl: string, seededDealId: string): Promise<string> {
  const seeded = await crmCall<SeededDeal>(crmUrl, 'GET', `/api/deals/${seededDealId}`);
  const copy = await crmCall<{ id: string }>(crmUrl, 'POST', '/api/deals', {
    title: seeded.title,
    companyId: seeded.companyId,
    contactId: seeded.contactId,
    amount: seeded.amount,
    currency: seeded.currency,
    ownerEmail: seeded.ownerEmail,
    closeDate: seeded.closeDate,
  });
  return copy.id;
}
