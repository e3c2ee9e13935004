import { defineTargetMapping } from '../../mapping/define-target-mapping';
import { CrmNoteBody } from '../../systems/crm/note-body';

/** Canonical escalation → a note on the company's CRM record (crm/notes): the source system as a target. */
export const canonicalToCrmNotes = defineTargetMapping(CrmNoteBody, [
  {
    target: 'companyId',
    from: { canonical: 'escalation.companySourceId' },
    type: 'string',
    required: true,
  },
  {
    target: 'body',
    from: { canonical: 'escalation.subject' },
    type: 'string',
    required: true,
    maxLength: 10_000,
    onTooLong: { policy: 'reject' },
  },
  { target: 'externalId', from: { canonical: 'escalation.ticketSourceId' }, type: 'string', required: true },
]);
