import type { BaselineSummary } from '../anomaly/baseline-summary';
import { formatMinor } from '../approvals/approval-policy';
import { printable } from './printable';

/** `loudwire baseline show` as text: what a normal record of the integration looks like, in numbers. */
export function renderBaseline(integration: string, workflowId: string, summary: BaselineSummary): string {
  const count = (value: number) => value.toLocaleString('en');
  const share = (part: number, whole: number) => `${whole === 0 ? 0 : Math.round((part / whole) * 100)} %`;
  const coldStart =
    summary.observed < summary.coldStartRecords
      ? `cold start: ${count(summary.coldStartRecords - summary.observed)} more records before anything is held`
      : `cold start of ${count(summary.coldStartRecords)} records over`;
  const lines = [
    `Baseline of ${integration} (workflow ${workflowId})`,
    `  learned ${count(summary.observed)} records; window holds ${count(summary.windowSize)} of ` +
      `${count(summary.windowRecords)}; ${coldStart}; holds at score ≥ ${summary.holdThreshold}`,
    '',
    'Amount per currency (median, MAD):',
  ];
  if (summary.amounts.length === 0) lines.push('  none yet');
  for (const amount of summary.amounts) {
    lines.push(
      `  ${amount.currency}  ${count(amount.count)} records  median ${formatMinor(amount.medianMinor, amount.currency)}` +
        `  MAD ${formatMinor(amount.madMinor, amount.currency)}`,
    );
  }
  lines.push('', 'Categories (share of the window; values ever seen):');
  for (const category of summary.categories) {
    const total = category.values.reduce((sum, value) => sum + value.count, 0);
    const shown = category.values
      .slice(0, 8)
      .map((value) => `${printable(value.value)} ${share(value.count, total)}`)
      .join(', ');
    const more = category.values.length > 8 ? `, … ${category.values.length - 8} more` : '';
    lines.push(`  ${category.label}: ${shown || 'none yet'}${more} (${count(category.everSeen)} ever seen)`);
  }
  lines.push('', 'Text shape (length median and MAD; scripts):');
  for (const text of summary.texts) {
    const total = text.scripts.reduce((sum, script) => sum + script.count, 0);
    const scripts = text.scripts.map((script) => `${script.script} ${share(script.count, total)}`).join(', ');
    lines.push(
      `  ${text.label}: ${text.medianLength} characters (MAD ${text.madLength}); ${scripts || 'none yet'}`,
    );
  }
  lines.push('', 'Field presence:');
  lines.push(
    `  ${summary.presence.map((field) => `${field.label} ${Math.round(field.rate * 100)} %`).join(', ')}`,
  );
  lines.push(
    '',
    `Near-duplicate index: ${count(summary.companiesIndexed)} companies`,
    `Population drift alerts open: ${summary.driftAlerted.length === 0 ? 'none' : summary.driftAlerted.join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
