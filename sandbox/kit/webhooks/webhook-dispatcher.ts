import type { Logger } from 'pino';
import type { DocumentCollection } from '../document-collection';
import type { WebhookFaultKind } from '../faults/fault-kinds';
import { startCallDeadline } from '../../../src/systems/kit/call-deadline';
import { opaqueId } from '../opaque-id';
import type { DeliveryAttempt, WebhookDelivery } from './webhook-delivery';

/** What one attempt signs: each attempt is signed afresh, so a redelivery carries a new timestamp. */
export interface AttemptToSign {
  deliveryId: string;
  eventId: string;
  /** The exact bytes sent (JSON of the stored payload). */
  body: string;
  sentAt: Date;
}

export interface WebhookDispatcherOptions<Payload> {
  deliveries: DocumentCollection<WebhookDelivery<Payload>>;
  url: string;
  /** The vendor's identifying and signature headers for one attempt (its own scheme, its own secret). */
  signAttempt: (attempt: AttemptToSign) => Record<string, string>;
  /** `User-Agent` of the vendor's delivery queue. */
  userAgent: string;
  /** Seconds to wait before each retry after a failed attempt; its length is the number of retries. */
  retryScheduleSeconds: readonly number[];
  logger: Logger;
  /** How long the receiver has to answer one attempt. @default 10000 */
  attemptTimeoutMs?: number;
}

/** An event as a vendor queues it for delivery. */
export interface OutgoingEvent<Payload> {
  /** Stable across retries and redeliveries. */
  id: string;
  type: string;
  payload: Payload;
  /** Webhook faults already applied to `payload`. */
  appliedFaults: WebhookFaultKind[];
}

/**
 * Sends a vendor's webhooks in the background, like a vendor's delivery queue: sign, POST, record the attempt,
 * retry on the schedule until a 2xx or the schedule runs out. Every step is logged in `deliveries`. The
 * signature scheme is the vendor's (`signAttempt`); everything else is how every vendor's queue behaves.
 */
export class WebhookDispatcher<Payload> {
  readonly #options: WebhookDispatcherOptions<Payload>;
  readonly #timers = new Set<NodeJS.Timeout>();
  #inFlight = new AbortController();
  #closed = false;

  constructor(options: WebhookDispatcherOptions<Payload>) {
    this.#options = options;
  }

  /** Logs a new event and schedules its first attempt; never waits for the receiver. */
  enqueue(event: OutgoingEvent<Payload>): WebhookDelivery<Payload> {
    const now = new Date().toISOString();
    const delivery: WebhookDelivery<Payload> = {
      id: opaqueId('dlv'),
      eventId: event.id,
      eventType: event.type,
      url: this.#options.url,
      payload: event.payload,
      appliedFaults: event.appliedFaults,
      headers: null,
      attempts: [],
      status: 'pending',
      nextAttemptAt: now,
      createdAt: now,
    };
    this.#options.deliveries.insert(delivery);
    this.#schedule(delivery.id, 0);
    return delivery;
  }

  /**
   * Sends a logged event again now, with its original event ID and payload but a fresh timestamp and
   * signature, as a vendor's "redeliver" button does. Undefined when there is no such delivery.
   */
  async redeliver(
    deliveryId: string,
  ): Promise<{ attempt: DeliveryAttempt; delivery: WebhookDelivery<Payload> } | undefined> {
    const delivery = this.#options.deliveries.get(deliveryId);
    if (!delivery) return undefined;
    const attempt = await this.#send(delivery, 'redeliver');
    const updated = this.#record(deliveryId, attempt);
    return updated && { attempt, delivery: updated };
  }

  /** Picks up deliveries still pending in a database from an earlier run, as a vendor's queue would. */
  resumePending(): void {
    for (const delivery of this.#options.deliveries.all()) {
      if (delivery.status !== 'pending') continue;
      const dueAt = delivery.nextAttemptAt === null ? Date.now() : Date.parse(delivery.nextAttemptAt);
      this.#schedule(delivery.id, Math.max(0, dueAt - Date.now()));
    }
  }

  /** Forgets pending retries and abandons in-flight attempts (on reset, or before closing). */
  cancelAll(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#inFlight.abort();
    this.#inFlight = new AbortController();
  }

  close(): void {
    this.#closed = true;
    this.cancelAll();
  }

  #schedule(deliveryId: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attemptScheduled(deliveryId);
    }, delayMs);
    this.#timers.add(timer);
  }

  async #attemptScheduled(deliveryId: string): Promise<void> {
    const delivery = this.#options.deliveries.get(deliveryId);
    // Gone after a reset, or already delivered by a manual redelivery.
    if (!delivery || delivery.status !== 'pending') return;
    const attempt = await this.#send(delivery, 'scheduled');
    this.#record(deliveryId, attempt);
  }

  /** Appends an attempt and works out what happens next. Synchronous, so no other attempt interleaves. */
  #record(deliveryId: string, attempt: DeliveryAttempt): WebhookDelivery<Payload> | undefined {
    if (this.#closed) return undefined;
    const delivery = this.#options.deliveries.get(deliveryId);
    if (!delivery) return undefined;
    delivery.attempts.push(attempt);
    delivery.headers = attempt.headers;
    const succeeded = attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
    if (succeeded) {
      delivery.status = 'delivered';
      delivery.nextAttemptAt = null;
    } else if (attempt.trigger === 'scheduled') {
      const scheduledAttempts = delivery.attempts.filter((each) => each.trigger === 'scheduled').length;
      const retryDelaySeconds = this.#options.retryScheduleSeconds[scheduledAttempts - 1];
      if (retryDelaySeconds === undefined) {
        delivery.status = 'failed';
        delivery.nextAttemptAt = null;
      } else {
        const delayMs = retryDelaySeconds * 1000;
        delivery.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
        this.#schedule(deliveryId, delayMs);
      }
    }
    this.#options.deliveries.update(delivery);
    this.#options.logger.info(
      {
        deliveryId,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        trigger: attempt.trigger,
        httpStatus: attempt.status,
        error: attempt.error,
        deliveryStatus: delivery.status,
      },
      'webhook attempt',
    );
    return delivery;
  }

  async #send(
    delivery: WebhookDelivery<Payload>,
    trigger: DeliveryAttempt['trigger'],
  ): Promise<DeliveryAttempt> {
    const sentAt = new Date();
    const body = JSON.stringify(delivery.payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': this.#options.userAgent,
      ...this.#options.signAttempt({ deliveryId: delivery.id, eventId: delivery.eventId, body, sentAt }),
    };
    const started = performance.now();
    const base = { at: sentAt.toISOString(), trigger, headers };
    // Not AbortSignal.any([AbortSignal.timeout(…), …]): on Node 20 that signal can be garbage collected before its
    // timer fires, and a delivery then ran 28 s past a 10 s timeout. Loudwire's own call deadline (a dependency-free
    // file) holds its timer safely; the sandbox uses the same one rather than a copy.
    const deadline = startCallDeadline(this.#options.attemptTimeoutMs ?? 10_000, this.#inFlight.signal);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: deadline.signal,
      });
      // The receiver's answer is not needed; draining it frees the connection.
      await response.body?.cancel();
      return {
        ...base,
        status: response.status,
        ...(!response.ok && { error: `HTTP ${response.status}` }),
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      return {
        ...base,
        status: null,
        error: describeFetchError(error),
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      deadline.release();
    }
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (error.name === 'TimeoutError') return 'timed out waiting for the receiver';
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
