import { createHash } from 'node:crypto';

/** 2^256: per-row SHA-256 digests are added modulo this. */
const modulus = 1n << 256n;

/**
 * JSON with object keys sorted, so two equal records hash the same whatever order their fields arrived in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of a row's key and canonical fields. */
export function rowDigest(key: string, fields: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ key, fields })).digest('hex');
}

/**
 * An order-independent checksum of a set of rows: the sum of their SHA-256 digests modulo 2^256. Unlike XOR, a
 * row stored twice does not cancel itself out, so duplicates change the checksum too.
 */
export class RowChecksum {
  #sum = 0n;
  #count = 0;

  add(digestHex: string): void {
    this.#sum = (this.#sum + BigInt(`0x${digestHex}`)) % modulus;
    this.#count += 1;
  }

  get count(): number {
    return this.#count;
  }

  /** 64 hex characters. */
  get hex(): string {
    return this.#sum.toString(16).padStart(64, '0');
  }
}
