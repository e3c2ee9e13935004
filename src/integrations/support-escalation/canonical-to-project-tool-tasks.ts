import { defineTargetMapping } from '../../mapping/define-target-mapping';
import { ProjectToolTaskBody } from '../../systems/project-tool/task-body';

/** Canonical escalation → the project tool's "create task" body (project-tool/tasks). */
export const canonicalToProjectToolTasks = defineTargetMapping(ProjectToolTaskBody, [
  {
    target: 'project_id',
    from: { canonical: 'escalation.projectSourceId' },
    type: 'string',
    required: true,
  },
  {
    target: 'title',
    from: { canonical: 'escalation.subject' },
    type: 'string',
    required: true,
    maxLength: 200,
    onTooLong: { policy: 'shorten-with-warning', fullValueKeptIn: 'canonical escalation.subject' },
  },
  {
    target: 'description',
    from: { canonical: 'escalation.description' },
    type: 'string',
    required: false,
    maxLength: 10_000,
    onTooLong: { policy: 'shorten-with-warning', fullValueKeptIn: 'the helpdesk ticket' },
  },
  {
    target: 'priority',
    from: { canonical: 'escalation.priority' },
    type: 'string (low | normal | high | urgent)',
    required: true,
  },
  { target: 'external_id', from: { canonical: 'escalation.ticketSourceId' }, type: 'string', required: true },
]);
