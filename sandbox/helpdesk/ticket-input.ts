import { z } from 'zod';
import { emailAddress, requiredText } from '../kit/field-rules';
import { ticketPriorities } from './ticket-records';

/** Body of `POST /api/tickets`. Unknown fields are refused; `priority` defaults to `normal`. */
export const createTicketInput = z.strictObject({
  subject: requiredText(250),
  description: requiredText(20_000),
  priority: z.enum(ticketPriorities, { error: `must be one of ${ticketPriorities.join(', ')}` }).optional(),
  requesterEmail: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
    .pipe(emailAddress),
  crmCompanyId: requiredText(64),
});
export type CreateTicketInput = z.infer<typeof createTicketInput>;
