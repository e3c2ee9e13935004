import { defineTargetMapping } from '../../mapping/define-target-mapping';
import { ProjectToolBody } from '../../systems/project-tool/project-body';

/** Canonical record → the project tool's "create project" body. */
export const canonicalToProjectTool = defineTargetMapping(ProjectToolBody, [
  {
    target: 'name',
    from: { canonical: 'project.name' },
    type: 'string',
    required: true,
    maxLength: 120,
    onTooLong: { policy: 'shorten-with-warning', fullValueKeptIn: 'canonical deal.title and project.name' },
  },
  {
    target: 'client',
    from: { canonical: 'project.clientName' },
    type: 'string',
    required: true,
    maxLength: 60,
    onTooLong: { policy: 'shorten-with-warning', fullValueKeptIn: 'canonical organization.name' },
  },
  { target: 'external_id', from: { canonical: 'project.externalId' }, type: 'string', required: true },
  {
    target: 'kickoff_date',
    from: { canonical: 'project.kickoffDate' },
    type: 'string (YYYY-MM-DD)',
    required: false,
  },
  {
    target: 'budget_cents',
    from: { canonical: 'project.budget.amountMinor' },
    type: 'integer (minor units)',
    required: false,
  },
  {
    target: 'currency',
    from: { canonical: 'project.budget.currency' },
    type: 'string (ISO 4217)',
    required: false,
  },
  {
    target: 'owner_email',
    from: { canonical: 'project.ownerEmail' },
    type: 'string (email)',
    required: false,
  },
  { target: 'status', from: { constant: 'kickoff' }, type: 'string', required: true },
]);
