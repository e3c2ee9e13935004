import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { register as registerTypeScriptRequire } from 'tsx/cjs/api';
import { EncryptionCodec } from './encryption-codec';
import type { PayloadEncryptionKeyring } from './payload-encryption-keys';
import type { PayloadOrigin } from './payload-origin';

// The SDK loads converters with require(path): make require understand TypeScript in every process that builds a
// data converter (API, worker, CLI, tests), however it was started.
registerTypeScriptRequire();

export const payloadConverterPath = fileURLToPath(new URL('./payload-converter.ts', import.meta.url));
export const failureConverterPath = fileURLToPath(new URL('./failure-converter.ts', import.meta.url));

/** What the workflow bundle needs to convert payloads and failures as the worker and clients do. */
export const workflowBundleConverters = { payloadConverterPath, failureConverterPath };

/**
 * The data converter of every Loudwire client and worker (and, through its two paths, of the workflow bundle):
 * every payload encrypted, failure messages encoded, payload origins visible to workflow validators.
 */
export function loudwireDataConverter(
  keys: PayloadEncryptionKeyring,
  origin: PayloadOrigin = 'loudwire',
): DataConverter {
  return {
    payloadConverterPath,
    failureConverterPath,
    payloadCodecs: [new EncryptionCodec(keys, origin)],
  };
}
