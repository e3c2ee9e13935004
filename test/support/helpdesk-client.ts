import { developmentDefaults } from '../../src/config/development-defaults';

const headers = {
  authorization: `Token ${developmentDefaults.HELPDESK_API_KEY}`,
  'content-type': 'application/json',
};

async function helpdeskJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface HelpdeskTicket {
  id: string;
  subject: string;
  priority: string;
  crmCompanyId: string;
  revision: number;
}

/** Opens a ticket for a CRM company. */
export async function openTicket(
  helpdeskUrl: string,
  crmCompanyId: string,
  overrides: { subject?: string; priority?: string } = {},
): Promise<HelpdeskTicket> {
  const { ticket } = await helpdeskJson<{ ticket: HelpdeskTicket }>(`${helpdeskUrl}/api/tickets`, {
    method: 'POST',
    body: JSON.stringify({
      subject: overrides.subject ?? 'Scanner drops pallet IDs at dock 4',
      description: 'Since the firmware update the scanner at dock 4 drops the pallet ID. Ünïcödé ✓',
      priority: overrides.priority ?? 'high',
      requesterEmail: 'jane.doe@acme-robotics.example',
      crmCompanyId,
    }),
  });
  return ticket;
}

/** Escalates a ticket: the helpdesk sends a signed `ticket.escalated` webhook. */
export async function escalateTicket(helpdeskUrl: string, ticketId: string): Promise<HelpdeskTicket> {
  const answer = await helpdeskJson<HelpdeskTicket | { ticket: HelpdeskTicket }>(
    `${helpdeskUrl}/api/tickets/${ticketId}/escalate`,
    { method: 'POST' },
  );
  return 'ticket' in answer ? answer.ticket : answer;
}

export interface HelpdeskDelivery {
  id: string;
  eventId: string;
  status: string;
  payload: { id: string; event: string; ticket: Record<string, unknown> };
}

export async function helpdeskDeliveries(helpdeskUrl: string): Promise<HelpdeskDelivery[]> {
  return (await helpdeskJson<{ deliveries: HelpdeskDelivery[] }>(`${helpdeskUrl}/api/webhooks/deliveries`))
    .deliveries;
}

/** Presses the helpdesk's redeliver button: the same event ID, a fresh timestamp and signature. */
export async function redeliverHelpdesk(helpdeskUrl: string, deliveryId: string): Promise<void> {
  await helpdeskJson(`${helpdeskUrl}/api/webhooks/deliveries/${deliveryId}/redeliver`, { method: 'POST' });
}
