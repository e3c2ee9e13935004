import {
  InterceptingCall,
  Metadata,
  status,
  type InterceptingListener,
  type Interceptor,
} from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/**
 * The gRPC interceptors every Loudwire Temporal client uses: the SDK's retry, then a guard below it.
 *
 * Why the guard: the SDK retries an UNAVAILABLE call from a timer, and that timer opens the next attempt on the
 * channel without asking whether it is still open. When the connection is closed while a retry sleeps (the API
 * shutting down during a Temporal outage), opening the attempt throws "Channel has been shut down" from the
 * timer: an uncaught exception, and the call never settles. Below the retry interceptor, the guard turns that
 * throw into a CANCELLED status, which the retry interceptor does not retry and hands to the caller as a
 * rejection.
 */
export function temporalClientInterceptors(): Interceptor[] {
  return [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), cancelCallsOnClosedChannel];
}

const cancelCallsOnClosedChannel: Interceptor = (options, nextCall) => {
  try {
    return new InterceptingCall(nextCall(options));
  } catch (error) {
    if (!(error instanceof Error) || !/channel has been shut down/i.test(error.message)) throw error;
    return new InterceptingCall(callCancelledAtStart(`Temporal connection closed: ${error.message}`));
  }
};

/** What an interceptor's `nextCall` returns (grpc-js does not export the interface by name). */
type NextInterceptingCall = ConstructorParameters<typeof InterceptingCall>[0];

/** A call that never reaches the network: it reports CANCELLED as soon as it is started. */
function callCancelledAtStart(details: string): NextInterceptingCall {
  return {
    start(_metadata: Metadata, listener?: Partial<InterceptingListener>) {
      // On the next tick, as a real call would answer: the caller has finished wiring its listener.
      process.nextTick(() =>
        listener?.onReceiveStatus?.({ code: status.CANCELLED, details, metadata: new Metadata() }),
      );
    },
    cancelWithStatus: () => undefined,
    getPeer: () => '',
    sendMessageWithContext: () => undefined,
    sendMessage: () => undefined,
    startRead: () => undefined,
    halfClose: () => undefined,
    getAuthContext: () => null,
  };
}
