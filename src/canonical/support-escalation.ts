import { z } from 'zod';
import { cleanTextOfAtMost, EmailAddress, SourceId } from './formats';

/** A support ticket escalated to the delivery team, linked to the client's project. Target-neutral. */
export const Escalation = z
  .object({
    ticketSourceId: SourceId.describe('ID of the ticket in the helpdesk'),
    subject: cleanTextOfAtMost(255).describe('The ticket subject, in full'),
    description: cleanTextOfAtMost(20_000).describe('The ticket description as the requester wrote it'),
    priority: z
      .enum(['low', 'normal', 'high', 'urgent'])
      .describe('How urgent the helpdesk rated the ticket'),
    status: cleanTextOfAtMost(40).nullable().describe("The ticket's status in the helpdesk when escalated"),
    requesterEmail: EmailAddress.nullable().describe(
      'Who asked; null when the helpdesk has no usable address',
    ),
    revision: z.number().int().min(0).describe('Version of the ticket: orders events of one ticket'),
    companySourceId: SourceId.describe('The CRM company the ticket names'),
    dealSourceId: SourceId.nullable().describe("The company's won deal whose project the task goes to"),
    projectSourceId: SourceId.describe('ID of that project in the project tool (looked up, never guessed)'),
  })
  .describe('Escalated support ticket');
export type Escalation = z.infer<typeof Escalation>;

/** The canonical record of the support-escalation integration. */
export const CanonicalEscalationRecord = z
  .object({ escalation: Escalation })
  .describe('Canonical record of one escalated support ticket');
export type CanonicalEscalationRecord = z.infer<typeof CanonicalEscalationRecord>;
