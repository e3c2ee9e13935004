import type { WebhookDelivery } from './webhook-delivery';

export interface WaitForDeliveriesOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /** @default 50 */
  pollIntervalMs?: number;
}

/**
 * Polls a running sandbox's control plane until `predicate` accepts its delivery log (`deliveries` in its
 * state), and returns that log. The control plane ignores faults, so this works while a test is breaking the
 * vendor's API.
 */
export async function waitForSandboxDeliveries<Payload>(
  sandboxUrl: string,
  predicate: (deliveries: WebhookDelivery<Payload>[]) => boolean,
  options: WaitForDeliveriesOptions = {},
): Promise<WebhookDelivery<Payload>[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: WebhookDelivery<Payload>[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(new URL('/__sandbox/state', sandboxUrl));
    last = ((await response.json()) as { deliveries: WebhookDelivery<Payload>[] }).deliveries;
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 50));
  }
  throw new Error(
    `Timed out waiting for webhook deliveries at ${sandboxUrl}; last saw: ${JSON.stringify(last.map(({ id, status, attempts }) => ({ id, status, attempts: attempts.length })))}`,
  );
}
