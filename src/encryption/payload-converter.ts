// Loaded by path (DataConverter.payloadConverterPath) in the workflow bundle: workflow-safe imports only.
import { defaultPayloadConverter, type Payload, type PayloadConverter } from '@temporalio/common';
import { markPayloadOrigin } from './payload-origin';

/** The default JSON conversion, plus the payload's origin on every decoded object (see payload-origin.ts). */
class OriginMarkingPayloadConverter implements PayloadConverter {
  toPayload<T>(value: T): Payload {
    return defaultPayloadConverter.toPayload(value);
  }

  fromPayload<T>(payload: Payload): T {
    const value = defaultPayloadConverter.fromPayload<T>(payload);
    markPayloadOrigin(value, payload);
    return value;
  }
}

export const payloadConverter = new OriginMarkingPayloadConverter();
