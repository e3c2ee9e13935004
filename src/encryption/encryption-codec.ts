import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { PayloadEncryptionKeyring } from './payload-encryption-keys';
import { payloadOriginMetadataKey, type PayloadOrigin } from './payload-origin';

const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

export const encryptedEncoding = 'binary/encrypted';
export const encryptionKeyIdMetadataKey = 'encryption-key-id';
const ivBytes = 12;
const tagBytes = 16;
const text = new TextEncoder();
const decoder = new TextDecoder();

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

/**
 * AES-256-GCM over the whole serialized payload (data and metadata), so Temporal stores only ciphertext, the
 * encoding name and the key id. The key id is bound as additional authenticated data, so a payload cannot be
 * relabelled to another key.
 *
 * Inside the ciphertext the encoder records who encoded it (`loudwire-origin`: a Loudwire service, or an operator
 * through the codec server). Decoding hands that on, and drops any origin claimed on a plaintext payload: only a
 * holder of the keys can produce an origin the workflows believe (src/encryption/payload-origin.ts).
 *
 * Plaintext payloads decode unchanged: histories written before encryption was turned on stay readable.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: PayloadEncryptionKeyring,
    private readonly origin: PayloadOrigin = 'loudwire',
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.keys.active;
    const marked: Payload = {
      ...payload,
      metadata: { ...payload.metadata, [payloadOriginMetadataKey]: text.encode(this.origin) },
    };
    const plaintext = PayloadMessage.encode(marked).finish();
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: {
        encoding: text.encode(encryptedEncoding),
        [encryptionKeyIdMetadataKey]: text.encode(id),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    if (!encoding || decoder.decode(encoding) !== encryptedEncoding) return withoutClaimedOrigin(payload);
    const keyIdBytes = payload.metadata?.[encryptionKeyIdMetadataKey];
    const keyId = keyIdBytes ? decoder.decode(keyIdBytes) : '';
    const key = this.keys.byId.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `payload is encrypted with key "${keyId}", which PAYLOAD_ENCRYPTION_KEYS does not list`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < ivBytes + tagBytes) throw new PayloadDecryptionError('encrypted payload is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, data.subarray(0, ivBytes));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(data.subarray(data.length - tagBytes));
      const plaintext = Buffer.concat([
        decipher.update(data.subarray(ivBytes, data.length - tagBytes)),
        decipher.final(),
      ]);
      const inner = PayloadMessage.decode(plaintext);
      return { metadata: { ...inner.metadata }, data: inner.data };
    } catch (error) {
      throw new PayloadDecryptionError(
        `payload encrypted with key "${keyId}" does not decrypt (tampered or wrong key): ${(error as Error).message}`,
      );
    }
  }
}

function withoutClaimedOrigin(payload: Payload): Payload {
  if (!payload.metadata || !(payloadOriginMetadataKey in payload.metadata)) return payload;
  const { [payloadOriginMetadataKey]: _claimed, ...metadata } = payload.metadata;
  return { ...payload, metadata };
}
