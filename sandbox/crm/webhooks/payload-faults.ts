import { FaultKind, type WebhookFaultKind } from '../../kit/faults/fault-kinds';
import type { WebhookEnvelope } from './webhook-delivery';

/**
 * Reshapes a payload the way a vendor's unannounced API change would. Several faults can stack; an empty
 * payload wins over the others. Returns a new envelope; the input is untouched.
 */
export function applyWebhookFaults(
  envelope: WebhookEnvelope,
  kinds: readonly WebhookFaultKind[],
): WebhookEnvelope {
  const changed = structuredClone(envelope);
  const deal = asRecord(changed.data.deal);
  const company = asRecord(changed.data.company);
  for (const kind of kinds) {
    switch (kind) {
      case FaultKind.webhookRenamedField:
        if (company && 'name' in company) {
          company.companyName = company.name;
          delete company.name;
        }
        break;
      case FaultKind.webhookMissingField:
        if (deal) delete deal.amount;
        break;
      case FaultKind.webhookTypeChanged:
        if (deal && 'amount' in deal) deal.amount = { value: deal.amount };
        break;
      case FaultKind.webhookUnexpectedField:
        if (deal) deal.probabilityPct = 100;
        break;
      case FaultKind.webhookEmptyPayload:
        break;
    }
  }
  if (kinds.includes(FaultKind.webhookEmptyPayload)) changed.data = {};
  return changed;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}
