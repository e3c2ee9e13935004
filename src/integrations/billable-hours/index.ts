import type { BatchIntegration } from '../../batch/batch-integration';
import { rowKeyOf, type RowAggregation } from '../../batch/row-aggregation';
import { BillingTokenSource } from '../../connectors/billing/billing-token-source';
import type { LoudwireEnvironment } from '../../config/environment';
import type { Logger } from '../../logging/logger';
import { billableHoursMapping } from './mapping';
import { createTimeEntrySource } from './time-entry-source';
import { createUsageDestination } from './usage-destination';

import { billableHoursName } from './names';

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
export function createBillableHoursIntegration(env: LoudwireEnvironment, logger?: Logger): BatchIntegration {
  const timeoutMs = env.TARGET_HTTP_TIMEOUT;
  const log = logger?.child({ integration: billableHoursName });
  const source = createTimeEntrySource(
    { baseUrl: env.PROJECTS_BASE_URL, apiKey: env.PROJECTS_API_KEY, timeoutMs },
    log,
  );
  const destination = createUsageDestination(
    { baseUrl: env.BILLING_BASE_URL, timeoutMs, keyPrefix: billableHoursName },
    new BillingTokenSource(
      {
        baseUrl: env.BILLING_BASE_URL,
        clientId: env.BILLING_CLIENT_ID,
        clientSecret: env.BILLING_CLIENT_SECRET,
        timeoutMs,
      },
      log,
    ),
    log,
  );
  return {
    name: billableHoursName,
    source: 'project-tool',
    target: 'billing',
    mapping: billableHoursMapping,
    aggregation: usagePerCustomerAndDay,
    canonicalFields: canonicalUsageFields,
    readSourcePage: source.readPage,
    writeRows: destination.writeRows,
    async readDestinationPage(window, cursor, limit, options) {
      const page = await destination.readPage(window, cursor, limit, options);
      return {
        items: page.items.map((record) => ({ key: rowKeyOf(usagePerCustomerAndDay, record), body: record })),
        nextCursor: page.nextCursor,
      };
    },
  };
}
