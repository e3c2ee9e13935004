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

/** One authenticated CRM API call (PATCH a deal, rename a company, lose a deal …); fails on a non-2xx answer. */
export async function crmCall<T = Record<string, unknown>>(
  crmUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  return crmJson<T>(`${crmUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Edits a project in the project tool as a person would (PATCH with the tool's API key). */
export async function editProjectAsPerson(projectToolUrl: string, projectId: string, changes: object) {
  const response = await fetch(`${projectToolUrl}/v2/projects/${projectId}`, {
    method: 'PATCH',
    headers: { 'x-api-key': developmentDefaults.PROJECT_TOOL_API_KEY!, 'content-type': 'application/json' },
    body: JSON.stringify(changes),
  });
  if (!response.ok) throw new Error(`PATCH project → ${response.status} ${await response.text()}`);
}
