import type { TicketEscalatedPayload } from '../../systems/helpdesk/ticket-escalated-payload';

/**
 * What the mapping reads: the helpdesk's `ticket.escalated` data plus what the look-up found (see lookup.ts).
 * A dry run reads `lookup` from the file, since it looks nothing up.
 */
export interface EscalationPayload extends TicketEscalatedPayload {
  lookup: {
    /** The company's won deal whose project the task goes to. */
    deal: { id: string };
    /** That deal's project in the project tool. */
    project: { id: string };
  };
}
