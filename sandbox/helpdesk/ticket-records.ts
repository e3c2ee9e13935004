export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const ticketStatuses = ['open', 'pending', 'escalated', 'solved'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/** A helpdesk ticket: camelCase, timestamps as epoch milliseconds, as this vendor's API returns them. */
export interface Ticket {
  id: string;
  subject: string;
  description: string;
  priority: TicketPriority;
  status: TicketStatus;
  requesterEmail: string;
  /** The CRM company the requester belongs to (`co_seed01` …), as the support agent linked it. */
  crmCompanyId: string;
  /** Bumped on every change, so receivers can order events about one ticket. */
  revision: number;
  createdAt: number;
  updatedAt: number;
  escalatedAt: number | null;
}
