/**
 * What integrations map of the helpdesk's `ticket.escalated` webhook: `{ticket}` (the envelope's `id`, `event`
 * and `createdAt` become the event ID, type and time). Leaves are `unknown` at runtime; the type exists so
 * mappings name only fields that exist.
 */
export interface TicketEscalatedPayload {
  ticket: {
    id: string;
    subject: string;
    description: string;
    /** `low` | `normal` | `high` | `urgent`. */
    priority: string;
    /** `open` | `pending` | `escalated` | `solved`. */
    status: string;
    requesterEmail: string;
    /** The CRM company the requester belongs to (`co_…`). */
    crmCompanyId: string;
    /** Bumped on every change: orders events of one ticket. */
    revision: number;
    /** Epoch milliseconds. */
    createdAt: number;
    updatedAt: number;
    escalatedAt: number | null;
  };
}
