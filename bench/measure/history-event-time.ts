import type proto from '@temporalio/proto';

/** A protobuf Timestamp as the SDK decodes it (seconds a Long) or as JSON carries it (a number or string). */
interface ProtobufTimestamp {
  seconds?: unknown;
  nanos?: number | null;
}

/** A protobuf timestamp (a history event's time, a marker's schedule time) in epoch ms, whole milliseconds. */
export function timestampMs(time: ProtobufTimestamp | null | undefined): number {
  return time ? Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : Number.NaN;
}

/** When the server recorded a history event, in epoch ms. */
export function eventTimeMs(event: proto.temporal.api.history.v1.IHistoryEvent): number {
  return timestampMs(event.eventTime);
}
