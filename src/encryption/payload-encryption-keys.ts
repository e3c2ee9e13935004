/**
 * The AES-256 keys that encrypt every payload Loudwire writes to Temporal. `PAYLOAD_ENCRYPTION_KEYS` lists them as
 * `id:base64key` separated by commas: the first encrypts, every listed key decrypts, so a rotation runs with two
 * keys live (new first, old second) until no open history needs the old one (docs/security.md).
 */
export interface PayloadEncryptionKey {
  id: string;
  key: Buffer;
}

export interface PayloadEncryptionKeyring {
  /** Encrypts every new payload. */
  active: PayloadEncryptionKey;
  /** Every key that may decrypt, by id (the active one included). */
  byId: ReadonlyMap<string, PayloadEncryptionKey>;
}

const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** Parses the variable's value; throws an Error naming the problem (never the key material). */
export function parsePayloadEncryptionKeys(text: string): PayloadEncryptionKeyring {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('lists no key (expected id:base64key[,id:base64key])');
  const keys: PayloadEncryptionKey[] = entries.map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    if (!keyIdPattern.test(id)) {
      throw new Error(`key ${index + 1} has no valid id (id:base64key; the id is 1-64 of A-Z a-z 0-9 . _ -)`);
    }
    const material = entry.slice(separator + 1);
    const key = Buffer.from(material, 'base64');
    if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== material.replace(/=+$/, '')) {
      throw new Error(`key "${id}" must be 32 random bytes in base64 (openssl rand -base64 32)`);
    }
    return { id, key };
  });
  const byId = new Map<string, PayloadEncryptionKey>();
  for (const key of keys) {
    if (byId.has(key.id)) throw new Error(`key id "${key.id}" is listed twice`);
    byId.set(key.id, key);
  }
  return { active: keys[0]!, byId };
}
