import { waitForSandboxDeliveries, type WaitForDeliveriesOptions } from '../kit/webhooks/wait-for-deliveries';
import type { WebhookDelivery } from './webhooks/webhook-delivery';

export type { WaitForDeliveriesOptions } from '../kit/webhooks/wait-for-deliveries';

/**
 * Polls a running CRM sandbox's control plane until `predicate` accepts its delivery log, and returns that
 * log. The control plane ignores faults, so this works while a test is breaking the CRM's API.
 */
export function waitForDeliveries(
  crmUrl: string,
  predicate: (deliveries: WebhookDelivery[]) => boolean,
  options: WaitForDeliveriesOptions = {},
): Promise<WebhookDelivery[]> {
  return waitForSandboxDeliveries(crmUrl, predicate, options);
}
