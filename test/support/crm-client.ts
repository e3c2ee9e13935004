import { developmentDefaults } from '../../src/config/development-defaults';

const headers = {
  authorization: `Bearer ${developmentDefaults.CRM_API_KEY}`,
  'content-type': 'application/json',
};

async function crmJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Creates a fresh deal for a seeded company and wins it, so the CRM sends a `deal.won` webhook. */
export async function winNewDeal(crmUrl: string, overrides: { amount?: string; currency?: string } = {}) {
  const { companies } = await crmJson<{ companies: { id: string }[] }>(`${crmUrl}/api/companies`);
  const { contacts } = await crmJson<{ contacts: { id: string; companyId: string }[] }>(
    `${crmUrl}/api/contacts`,
  );
  const company = companies.find((candidate) =>
    contacts.some((contact) => contact.companyId === candidate.id),
  )!;
  const contact = contacts.find((candidate) => candidate.companyId === company.id)!;
  const deal = await crmJson<{ id: string }>(`${crmUrl}/api/deals`, {
    method: 'POST',
    body: JSON.stringify({
      title: 'Fault drill',
      companyId: company.id,
      contactId: contact.id,
      amount: overrides.amount ?? '4,200.00',
      currency: overrides.currency ?? 'EUR',
      ownerEmail: 'owner@example.com',
    }),
  });
  await crmJson(`${crmUrl}/api/deals/${deal.id}/win`, { method: 'POST' });
  return deal.id;
}

export interface CrmDelivery {
  id: string;
  eventId: string;
  status: string;
  payload: { type: string; data: Record<string, unknown> };
}

export async function crmDeliveries(crmUrl: string): Promise<CrmDelivery[]> {
  return (await crmJson<{ deliveries: CrmDelivery[] }>(`${crmUrl}/api/webhooks/deliveries`)).deliveries;
}
