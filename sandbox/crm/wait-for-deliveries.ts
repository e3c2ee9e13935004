import type { WebhookDelivery } from './webhooks/webhook-delivery';

export interface WaitForDeliveriesOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /** @default 50 */
  pollIntervalMs?: number;
}

/**
 * Polls a running CRM sandbox's control plane until `predicate` accepts its delivery log, and returns that
 * log. The control plane ignores faults, so this works while a test is breaking the CRM's API.
 */
export async function waitForDeliveries(
  crmUrl: string,
  predicate: (deliveries: WebhookDelivery[]) => boolean,
  options: WaitForDeliveriesOptions = {},
): Promise<WebhookDelivery[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: WebhookDelivery[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(new URL('/__sandbox/state', crmUrl));
    last = ((await response.json()) as { deliveries: WebhookDelivery[] }).deliveries;
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 50));
  }
  throw new Error(
    `Timed out waiting for CRM webhook deliveries; last saw: ${JSON.stringify(last.map(({ id, status, attempts }) => ({ id, status, attempts: attempts.length })))}`,
  );
}
