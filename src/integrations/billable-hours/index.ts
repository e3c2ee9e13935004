import { rowKeyOf, type RowAggregation } from '../../batch/row-aggregation';
import { billing } from '../../systems/billing';
import { projectTool } from '../../systems/project-tool';
import type { BatchIntegrationDefinition } from '../integration';
import { billableHoursMapping } from './mapping';
import { billableHoursName } from './names';
import { billableHoursSchedules } from './schedule';
import { billableHoursSettings } from './settings';

export { billableHoursName };

/** One usage record per billing customer and day: the minutes of every billable entry of that day, summed. */
const usagePerCustomerAndDay: RowAggregation = {
  keyFields: ['customer_external_id', 'usage_date'],
  sumFields: ['quantity'],
};

/** The usage record fields that must match between what was written and what billing holds. */
function canonicalUsageFields(body: Record<string, unknown>) {
  return {
    customer_external_id: String(body.customer_external_id),
    usage_date: String(body.usage_date),
    quantity: typeof body.quantity === 'number' ? body.quantity : null,
    unit: String(body.unit),
  };
}

/** Billable hours: the project tool's billable time entries become daily usage records in billing. */
export const billableHours: BatchIntegrationDefinition = {
  name: billableHoursName,
  description: "The project tool's billable time entries become daily usage records in billing, nightly.",
  trigger: 'schedule',
  source: 'project-tool',
  targets: ['billing/usage-records'],
  mapping: billableHoursMapping,
  settings: billableHoursSettings,
  schedules: billableHoursSchedules,
  connect(connections) {
    // The systems' shared clients: one billing token source for every integration of the worker.
    const timeEntries = connections.of(projectTool).timeEntries;
    const usageRecords = connections.of(billing).usageRecords;
    return {
      name: billableHoursName,
      source: 'project-tool',
      target: 'billing/usage-records',
      mapping: billableHoursMapping,
      aggregation: usagePerCustomerAndDay,
      canonicalFields: canonicalUsageFields,
      readSourcePage: timeEntries.readPage,
      writeRows: (rows, batchKey, options) =>
        usageRecords.writeRows(rows, batchKey, billableHoursName, options),
      async readDestinationPage(window, cursor, limit, options) {
        const page = await usageRecords.readPage(window, cursor, limit, options);
        return {
          items: page.items.map((record) => ({
            key: rowKeyOf(usagePerCustomerAndDay, record),
            body: record,
          })),
          nextCursor: page.nextCursor,
        };
      },
    };
  },
};
