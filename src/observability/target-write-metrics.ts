import { TargetFailure } from '../systems/kit/target-failure';
import { targetWriteSeconds, timed } from './loudwire-metrics';

/** What a write activity attempt ended in, as the `outcome` label of `loudwire_target_write_seconds`. */
export type WriteOutcome = (result: { value: unknown } | { error: unknown }) => string;

/** A create: `created`, `existing` (the target already held it), `repaired`; a failure: its class. */
export const deliveryOutcome: WriteOutcome = (result) => {
  if ('error' in result) return failureOutcome(result.error);
  const value = result.value as { created?: boolean; repaired?: boolean };
  return value.repaired ? 'repaired' : value.created ? 'created' : 'existing';
};

/** An update: `updated`, `unchanged` (nothing to send), `conflict` (parked for a person); a failure: its class. */
export const updateOutcome: WriteOutcome = (result) => {
  if ('error' in result) return failureOutcome(result.error);
  const value = result.value as { sent?: object; conflicts?: unknown[] };
  if ((value.conflicts?.length ?? 0) > 0) return 'conflict';
  return Object.keys(value.sent ?? {}).length > 0 ? 'updated' : 'unchanged';
};

function failureOutcome(error: unknown): string {
  return error instanceof TargetFailure ? error.failureClass : 'error';
}

/** Times one write to `target` (`<system>/<resource>`) into `loudwire_target_write_seconds`. */
export function timeTargetWrite<T>(
  target: string,
  outcome: WriteOutcome,
  write: () => Promise<T>,
): Promise<T> {
  const [system = target, resource = ''] = target.split('/');
  return timed(targetWriteSeconds, { system, resource }, outcome, write);
}
