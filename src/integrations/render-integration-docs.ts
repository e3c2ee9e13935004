import { renderMappingMarkdown } from '../mapping/render-mapping-docs';
import type { AnyIntegration } from './integration';
import { ownershipOf, type LifecycleAction } from './record-lifecycle';

/** docs/mappings/<integration>.md: the field mapping, then what happens when the record changes. */
export function renderIntegrationDocs(integration: AnyIntegration): string {
  const changes = integration.trigger === 'webhook' ? renderRecordChanges(integration) : [];
  return renderMappingMarkdown(integration.mapping) + (changes.length > 0 ? `${changes.join('\n')}\n` : '');
}

function renderRecordChanges(integration: Extract<AnyIntegration, { trigger: 'webhook' }>): string[] {
  if (!integration.lifecycle) return [];
  const lines = [
    '## When a record changes',
    '',
    'What each source event does (declared in the integration; see README "When a record changes"):',
    '',
    '| Event | Action |',
    '| --- | --- |',
    ...Object.entries(integration.lifecycle).map(
      ([type, action]) => `| \`${type}\` | ${describeAction(action)} |`,
    ),
    '',
    'Who keeps each target field current after the record was created: `loudwire` (a later version overwrites ' +
      'it; an edit on the target raises one `TargetDrifted` alert and is overwritten), `target` (written at ' +
      'creation, then never sent again), `park` (an edit on both sides parks the record with the diff).',
    '',
    '| Target | Field | Owner |',
    '| --- | --- | --- |',
  ];
  for (const target of integration.targets) {
    const mapped =
      integration.mapping.targets[target]?.fields.map((field) => field.target.split('.')[0]!) ?? [];
    const declared = integration.targetPolicies?.[target]?.fields;
    for (const field of [...new Set(mapped)]) {
      const owner = ownershipOf(declared, field);
      lines.push(
        `| ${target} | ${field} | ${owner === 'link' ? 'link to the source record (never changed)' : `\`${owner}\``} |`,
      );
    }
  }
  lines.push('');
  return lines;
}

function describeAction(action: LifecycleAction): string {
  switch (action.kind) {
    case 'onboard':
      return 'create the target records (approval where a policy says so); a later version updates them';
    case 'update':
      return 'update the records Loudwire created (owned fields only, read back and verified); ignored for a record never onboarded';
    case 'archive': {
      const sets = Object.entries(action.set)
        .map(([target, fields]) => `${target} ${JSON.stringify(fields)}`)
        .join(', ');
      return `${action.description} Sets ${sets}; one \`RecordArchived\` alert`;
    }
    case 'park':
      return `park for a person: ${action.reason}`;
  }
}
