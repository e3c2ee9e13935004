import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { encryptionDevelopmentDefaults as developmentDefaults } from '../../src/config/payload-encryption-settings';
import { loadEnvironment } from '../../src/config/environment';
import {
  EncryptionCodec,
  encryptedEncoding,
  encryptionKeyIdMetadataKey,
} from '../../src/encryption/encryption-codec';
import { parsePayloadEncryptionKeys } from '../../src/encryption/payload-encryption-keys';
import { payloadConverter } from '../../src/encryption/payload-converter';
import { payloadOriginMetadataKey, payloadOriginOf } from '../../src/encryption/payload-origin';

const newKey = () => randomBytes(32).toString('base64');
const text = (bytes: Uint8Array | undefined | null) => Buffer.from(bytes ?? []).toString('utf8');
const record = { contact: { email: 'ada@acme-robotics.example' }, company: 'Acme Robotics GmbH' };
const productionSecrets = {
  NODE_ENV: 'production',
  CRM_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  CRM_API_KEY: 'crm-production-key',
  PROJECT_TOOL_API_KEY: 'projects-production-key',
  HELPDESK_API_KEY: 'helpdesk-production-key',
  HELPDESK_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
  ACCOUNTING_CLIENT_ID: 'loudwire',
  ACCOUNTING_CLIENT_SECRET: 'accounting-production-secret',
  BILLING_CLIENT_ID: 'loudwire',
  BILLING_CLIENT_SECRET: 'billing-production-secret',
  CODEC_OPERATOR_TOKENS: `ops:${randomBytes(24).toString('base64url')}`,
};

describe('the AES-256-GCM payload codec', () => {
  it('stores only ciphertext, the encoding and the key id; decodes back to the same value', async () => {
    const codec = new EncryptionCodec(parsePayloadEncryptionKeys(`k1:${newKey()}`));
    const plain = defaultPayloadConverter.toPayload(record);
    const [encrypted] = await codec.encode([plain]);
    expect(Object.keys(encrypted!.metadata!)).toEqual(['encoding', encryptionKeyIdMetadataKey]);
    expect(text(encrypted!.metadata!.encoding)).toBe(encryptedEncoding);
    expect(text(encrypted!.metadata![encryptionKeyIdMetadataKey])).toBe('k1');
    expect(text(encrypted!.data)).not.toContain('acme');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(record);
    // The same value twice gives two different ciphertexts (a fresh IV each time).
    const [again] = await codec.encode([plain]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(encrypted!.data!))).toBe(false);
  });

  it('rotates: the first key encrypts, every listed key decrypts, an unlisted key is named', async () => {
    const oldKey = `old:${newKey()}`;
    const newer = `new:${newKey()}`;
    const before = new EncryptionCodec(parsePayloadEncryptionKeys(oldKey));
    const during = new EncryptionCodec(parsePayloadEncryptionKeys(`${newer},${oldKey}`));
    const after = new EncryptionCodec(parsePayloadEncryptionKeys(newer));
    const [written] = await before.encode([defaultPayloadConverter.toPayload(record)]);
    const [readDuring] = await during.decode([written!]);
    expect(defaultPayloadConverter.fromPayload(readDuring!)).toEqual(record);
    const [rewritten] = await during.encode([defaultPayloadConverter.toPayload(record)]);
    expect(text(rewritten!.metadata![encryptionKeyIdMetadataKey])).toBe('new');
    await expect(after.decode([written!])).rejects.toThrow(
      'payload is encrypted with key "old", which PAYLOAD_ENCRYPTION_KEYS does not list',
    );
  });

  it('refuses a tampered payload or one relabelled to another key', async () => {
    const keys = `a:${newKey()},b:${newKey()}`;
    const codec = new EncryptionCodec(parsePayloadEncryptionKeys(keys));
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(record)]);
    const flipped = Buffer.from(encrypted!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await expect(codec.decode([{ ...encrypted!, data: flipped }])).rejects.toThrow(/does not decrypt/);
    const relabelled = {
      ...encrypted!,
      metadata: { ...encrypted!.metadata, [encryptionKeyIdMetadataKey]: Buffer.from('b') },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow(/does not decrypt/);
  });

  it('passes plaintext through (histories from before encryption) but strips any origin it claims', async () => {
    const codec = new EncryptionCodec(parsePayloadEncryptionKeys(`k:${newKey()}`));
    const forged: Payload = {
      ...defaultPayloadConverter.toPayload(record),
    };
    forged.metadata = { ...forged.metadata, [payloadOriginMetadataKey]: Buffer.from('loudwire') };
    const [decoded] = await codec.decode([forged]);
    expect(decoded!.metadata![payloadOriginMetadataKey]).toBeUndefined();
    expect(payloadOriginOf(payloadConverter.fromPayload(decoded!))).toBeUndefined();
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(record)]);
    const [opened] = await codec.decode([sealed!]);
    const value = payloadConverter.fromPayload<typeof record>(opened!);
    expect(payloadOriginOf(value)).toBe('loudwire');
    // The origin mark is invisible to JSON: state and history are unchanged by it.
    expect(JSON.stringify(value)).toBe(JSON.stringify(record));
    const viaCodecServer = new EncryptionCodec(parsePayloadEncryptionKeys(`k:${newKey()}`), 'codec-server');
    const [operatorMade] = await viaCodecServer.encode([defaultPayloadConverter.toPayload(record)]);
    const [operatorOpened] = await viaCodecServer.decode([operatorMade!]);
    expect(payloadOriginOf(payloadConverter.fromPayload(operatorOpened!))).toBe('codec-server');
  });
});

describe('payload encryption settings', () => {
  it('names a malformed key list without printing key material', () => {
    expect(() => loadEnvironment({ PAYLOAD_ENCRYPTION_KEYS: 'nokey' })).toThrow(
      /PAYLOAD_ENCRYPTION_KEYS: key 1 has no valid id/,
    );
    expect(() => loadEnvironment({ PAYLOAD_ENCRYPTION_KEYS: 'k:c2hvcnQ=' })).toThrow(
      /key "k" must be 32 random bytes in base64/,
    );
    const key = newKey();
    expect(() => loadEnvironment({ PAYLOAD_ENCRYPTION_KEYS: `k:${key},k:${newKey()}` })).toThrow(
      /listed twice/,
    );
    try {
      loadEnvironment({ PAYLOAD_ENCRYPTION_KEYS: `k:${key.slice(0, 20)}` });
    } catch (error) {
      expect((error as Error).message).not.toContain(key.slice(0, 20));
    }
    expect(() => loadEnvironment({ CODEC_OPERATOR_TOKENS: 'ops:short' })).toThrow(
      /CODEC_OPERATOR_TOKENS: each entry must be name:token with a token of at least 24 characters/,
    );
  });

  it('production refuses the development key and token, even second in a list; keys come from files too', () => {
    const productionKey = `prod-1:${newKey()}`;
    expect(() =>
      loadEnvironment({
        ...productionSecrets,
        PAYLOAD_ENCRYPTION_KEYS: `${productionKey},${developmentDefaults.PAYLOAD_ENCRYPTION_KEYS}`,
      }),
    ).toThrow(/refuses development default secrets: set PAYLOAD_ENCRYPTION_KEYS/);
    expect(() =>
      loadEnvironment({
        ...productionSecrets,
        PAYLOAD_ENCRYPTION_KEYS: productionKey,
        CODEC_OPERATOR_TOKENS: developmentDefaults.CODEC_OPERATOR_TOKENS,
      }),
    ).toThrow(/set CODEC_OPERATOR_TOKENS/);
    expect(() => loadEnvironment({ ...productionSecrets })).toThrow(/PAYLOAD_ENCRYPTION_KEYS/);
    const file = join(mkdtempSync(join(tmpdir(), 'loudwire-keys-')), 'keys');
    writeFileSync(file, `${productionKey}\n`);
    const env = loadEnvironment({ ...productionSecrets, PAYLOAD_ENCRYPTION_KEYS_FILE: file });
    expect(env.PAYLOAD_ENCRYPTION_KEYS.active.id).toBe('prod-1');
  });
});
