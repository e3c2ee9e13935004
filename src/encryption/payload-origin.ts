// Workflow-safe: imported by workflow code and by the payload converter bundled into the workflow isolate.
import type { Payload } from '@temporalio/common';

/**
 * Who encoded a payload, recorded by the encryption codec inside the ciphertext: `loudwire` for the API, worker
 * and CLI, `codec-server` for an operator encoding through `/codec/encode` (e.g. the Web UI's signal form).
 * A payload that was not encrypted with a Loudwire key has no origin at all.
 */
export type PayloadOrigin = 'loudwire' | 'codec-server';

export const payloadOriginMetadataKey = 'loudwire-origin';

const originProperty = Symbol.for('loudwire.payloadOrigin');
const decoder = new TextDecoder();

/**
 * Marks a decoded object or array with the origin its payload carried, as a non-enumerable symbol property: JSON
 * never sees it, so workflow state, history and determinism are unchanged.
 */
export function markPayloadOrigin(value: unknown, payload: Payload): void {
  const origin = payload.metadata?.[payloadOriginMetadataKey];
  if (!origin || typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.defineProperty(value, originProperty, { value: decoder.decode(origin), enumerable: false });
}

export function payloadOriginOf(value: unknown): PayloadOrigin | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const origin = (value as Record<symbol, unknown>)[originProperty];
  return origin === 'loudwire' || origin === 'codec-server' ? origin : undefined;
}

/**
 * True only for a message a Loudwire service encrypted with a live key: the API (webhooks, approval decisions)
 * or the CLI (redrives). Raw Temporal access without the keys, or an operator going through the codec server,
 * cannot produce one.
 */
export function cameFromLoudwire(value: unknown): boolean {
  return payloadOriginOf(value) === 'loudwire';
}
