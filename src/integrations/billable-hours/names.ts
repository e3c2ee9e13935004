/** The integration's name: in workflow IDs, schedule IDs, idempotency keys and alerts. */
export const billableHoursName = 'billable-hours';
