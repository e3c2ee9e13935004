// Loaded by path (DataConverter.failureConverterPath) in the workflow bundle and the worker: workflow-safe.
import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into an encoded attributes payload (which the codec encrypts) instead of
 * clear text in history: a vendor's error text can quote the record it refused.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
