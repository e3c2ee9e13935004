import { z } from 'zod';
import { BillingCustomer } from './billing-customer';
import { Contact } from './contact';
import { Deal } from './deal';
import { Organization } from './organization';
import { Project } from './project';

/**
 * The hub every integration maps through: a source maps into it once, each target maps out of it. Adding a
 * target reads these fields and touches no source mapping; adding a source fills them and touches no target.
 */
export const CanonicalRecord = z
  .object({
    organization: Organization,
    contact: Contact.nullable().describe('Client contact; null when the source names none'),
    deal: Deal,
    project: Project,
    billingCustomer: BillingCustomer,
  })
  .describe('Canonical record of a won client engagement');
export type CanonicalRecord = z.infer<typeof CanonicalRecord>;
