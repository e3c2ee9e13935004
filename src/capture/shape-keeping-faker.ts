import { createHmac } from 'node:crypto';
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { fakeCharacters } from './fake-characters';

/**
 * Fields whose values describe the event rather than a person (`type`, `status`, `currency`, `country` …):
 * kept, because mappings branch on them and a dry run of faked vocabulary would test nothing.
 */
const vocabularyKey =
  /^(type|status|stage|currency|country|countrycode|locale|language|lang|timezone|tz|priority|kind|category|pipeline|channel|state|version|revision|sequence)$/i;
const timeKey = /(at|time|date|timestamp|on)$/i;
const phoneKey = /(phone|mobile|fax|tel)/i;
const hostKey = /(domain|website|url|homepage|host)$/i;
const idKey = /(^id$|id$|_id$|Id$|ID$)/;
const isoDate = /^(\s*)(\d{4})-(\d{2})-(\d{2})/;
const email = /^(\s*)([^@\s]+)@([^@\s]+\.[^@\s]+?)(\s*)$/;
const phoneLike = /^\s*\+?[\d\s().-]{7,}\s*$/;
const dayMs = 86_400_000;

/**
 * Replaces personal values in a payload by fakes that keep their shape, deterministically per value (the same
 * email in two events fakes to the same email, so records still relate) under the capture's key:
 * - text keeps its length, script, case and punctuation (`Zoë Brunner` → `Kyf Qsomtar`, `田中` → two kanji);
 * - emails keep their shape (`Ann@Example.com ` → `Xqd@Bmtvnkd.com `: the top-level domain and spaces stay);
 * - phone numbers keep their format and their country: an international number keeps its calling code and is
 *   redrawn until it is a valid number of the same country; a national one keeps its trunk prefix;
 * - ids keep their prefix and format (`deal_seed01` → `deal_kqzt48`), amounts their digits and separators;
 * - dates and timestamps (ISO strings, epoch milliseconds or seconds under a time key) all move by one shift of
 *   whole days per capture, so their format, order and distances stay;
 * - vocabulary (`type`, `status`, `currency`, `country` …), booleans and null are kept.
 */
export class ShapeKeepingFaker {
  private readonly shiftMs: number;

  constructor(private readonly key: Buffer) {
    this.shiftMs = (30 + (this.bytesOf('date-shift')[0]! % 335)) * dayMs;
  }

  fake(value: unknown, key = ''): unknown {
    if (Array.isArray(value)) return value.map((item) => this.fake(item, key));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, this.fake(item, name)]));
    }
    if (vocabularyKey.test(key)) return value;
    if (typeof value === 'number') return this.fakeNumber(value, key);
    if (typeof value === 'string') return this.fakeString(value, key);
    return value;
  }

  private fakeNumber(value: number, key: string): number {
    if (!Number.isFinite(value)) return value;
    const epochMs = value >= 1e12 && value < 1e13;
    const epochSeconds = value >= 1e9 && value < 1e10 && Number.isInteger(value);
    if (timeKey.test(key) && (epochMs || epochSeconds))
      return value - (epochMs ? this.shiftMs : this.shiftMs / 1000);
    return Number(fakeCharacters(String(value), this.byteStream(`number:${value}`)));
  }

  private fakeString(value: string, key: string): string {
    if (value.trim() === '') return value;
    const date = isoDate.exec(value);
    if (date) return this.shiftDate(value, date);
    const address = email.exec(value);
    if (address) {
      const [, before, local, domain, after] = address;
      const next = this.byteStream(`email:${value}`);
      return `${before}${fakeCharacters(local!, next)}@${this.fakeHost(domain!, next)}${after}`;
    }
    if (hostKey.test(key)) return this.fakeHost(value, this.byteStream(`host:${value}`));
    if (phoneKey.test(key) || (phoneLike.test(value) && (value.match(/\d/g)?.length ?? 0) >= 7)) {
      return this.fakePhone(value);
    }
    if (idKey.test(key) || /^[a-z]+_[A-Za-z0-9]+$/.test(value)) {
      const prefixEnd = value.lastIndexOf('_') + 1;
      return (
        value.slice(0, prefixEnd) + fakeCharacters(value.slice(prefixEnd), this.byteStream(`id:${value}`))
      );
    }
    return fakeCharacters(value, this.byteStream(`text:${value}`));
  }

  /** Moves the date part by the capture's shift and keeps every character around it. */
  private shiftDate(value: string, match: RegExpExecArray): string {
    const [whole, before, year, month, day] = match;
    const shifted = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)) - this.shiftMs);
    if (Number.isNaN(shifted.getTime())) return fakeCharacters(value, this.byteStream(`text:${value}`));
    return `${before}${shifted.toISOString().slice(0, 10)}${value.slice(whole!.length)}`;
  }

  /** Every label but the top-level domain (and a scheme or path, which stay as they are shaped). */
  private fakeHost(host: string, next: () => number): string {
    const labels = host.split('.');
    return labels
      .map((label, index) => (index === labels.length - 1 ? label : fakeCharacters(label, next)))
      .join('.');
  }

  private fakePhone(value: string): string {
    const next = this.byteStream(`phone:${value}`);
    const original = value.trim().startsWith('+') ? parsePhoneNumberFromString(value.trim()) : undefined;
    if (!original) {
      // National format: the trunk prefix (a leading 0) and the first digit stay, and the fake is redrawn until
      // it is valid in a country where the original was (the value does not say which; the record may).
      const keep = value.trim().startsWith('0') ? 2 : 1;
      const country = getCountries().find((candidate) => isValidIn(value, candidate));
      let candidate = this.keepLeadingDigits(value, keep, next);
      for (let attempt = 0; country && attempt < 50 && !isValidIn(candidate, country); attempt++) {
        candidate = this.keepLeadingDigits(value, keep, next);
      }
      return candidate;
    }
    // International: the calling code stays; redrawn until it is a valid number of the same country when the
    // original was one (a fictional or short number keeps only its calling code).
    const callingCodeDigits = String(original.countryCallingCode).length;
    let candidate = this.keepLeadingDigits(value, callingCodeDigits, next);
    for (let attempt = 0; original.country && attempt < 50; attempt++) {
      const parsed = parsePhoneNumberFromString(candidate.trim());
      if (parsed?.country === original.country && parsed.isValid()) return candidate;
      candidate = this.keepLeadingDigits(value, callingCodeDigits, next);
    }
    return candidate;
  }

  private keepLeadingDigits(value: string, keep: number, next: () => number): string {
    let seen = 0;
    let result = '';
    for (const character of value) {
      if (character >= '0' && character <= '9') {
        seen += 1;
        result += seen <= keep ? character : fakeCharacters(seen === keep + 1 ? '1' : '0', next);
      } else result += character;
    }
    return result;
  }

  /** Deterministic bytes for one value: the same value always fakes the same way under this capture's key. */
  private byteStream(seed: string): () => number {
    let block = this.bytesOf(`${seed}:0`);
    let counter = 0;
    let index = 0;
    return () => {
      if (index === block.length) {
        counter += 1;
        block = this.bytesOf(`${seed}:${counter}`);
        index = 0;
      }
      return block[index++]!;
    };
  }

  private bytesOf(text: string): Buffer {
    return createHmac('sha256', this.key).update(text, 'utf8').digest();
  }
}

function isValidIn(phone: string, country: CountryCode): boolean {
  return parsePhoneNumberFromString(phone.trim(), country)?.isValid() === true;
}
