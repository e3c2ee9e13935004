import type { LandingBreakdown, LandingState } from '../measure/landing-breakdown';
import type { EndToEndComparison } from '../phases/end-to-end-phase';
import { markdownTable } from './markdown-table';

const columns: [LandingState, string][] = [
  ['untilStarted', '202 → started'],
  ['workflowTaskQueued', 'workflow task queued'],
  ['workflowTaskRunning', 'workflow task running (incl. local activities)'],
  ['activityQueued', 'activity queued'],
  ['activityRunning', 'activity running (vendor calls)'],
  ['betweenTasks', 'server between tasks'],
];

/** Issue 17 point 3: where a record's 202 → landed time goes at the fixed rate, from sampled histories. */
export function renderLandingBreakdown(comparison: EndToEndComparison): string {
  const rows: [string, LandingBreakdown | undefined][] = [
    ['before', comparison.before.breakdown],
    ['after', comparison.loudwire.breakdown],
    ['no-op ceiling', comparison.ceiling.breakdown],
  ];
  const cell = (breakdown: LandingBreakdown, state: LandingState) =>
    `${breakdown.medianMs[state]} (${Math.round(breakdown.medianShare[state] * 100)} %)`;
  return (
    markdownTable(
      [
        'record workflow',
        'sampled',
        'total',
        ...columns.map(([, label]) => label),
        'workflow / activity tasks',
        'schedule-to-start: workflow / activity task',
      ],
      rows.map(([label, breakdown]) =>
        breakdown
          ? [
              label,
              breakdown.records,
              breakdown.medianMs.total,
              ...columns.map(([state]) => cell(breakdown, state)),
              `${breakdown.workflowTasks} / ${breakdown.activityTasks}`,
              `${breakdown.workflowTaskScheduleToStartMs} / ${breakdown.activityScheduleToStartMs ?? '—'}`,
            ]
          : [label, 0, 'n/a', ...columns.map(() => 'n/a'), 'n/a', 'n/a'],
      ),
    ) +
    '\n\nMedian ms per record (median share of its total); each millisecond from the 202 to the record being at ' +
    'every target counts once, for the first state that holds: workflow task running, activity running, workflow ' +
    'task queued, activity queued (timestamps from the history, the landing from the sandboxes).' +
    localActivityNote(rows)
  );
}

/** The workflow-task column split into its local activities, from their markers' schedule times. */
function localActivityNote(rows: [string, LandingBreakdown | undefined][]): string {
  const lines = rows.flatMap(([label, breakdown]) => {
    const steps = Object.entries(breakdown?.localActivityStepsMs ?? {});
    if (steps.length === 0) return [];
    return [`- ${label}: ${steps.map(([step, ms]) => `${step} ${ms}`).join(', ')}`];
  });
  if (lines.length === 0) return '';
  return (
    '\n\nWorkflow tasks that ran local activities, median ms per record: from the task start to the first local ' +
    "activity, then from each local activity's schedule to the next one's (the last one's to the task's " +
    'completion, so it includes the workflow code after it):\n' +
    lines.join('\n')
  );
}
