import type { OutgoingHttpHeaders } from 'node:http';

/** The hostile-input categories of issue 12; each gets its own status histogram. */
export const FuzzCategory = {
  authentic: 'authentic events',
  naughtyStrings: 'naughty strings in signed events',
  protoKeys: '__proto__/constructor keys, signed',
  duplicateKeys: 'duplicate JSON keys, signed',
  malformedJson: 'malformed and truncated JSON, signed',
  deepNesting: 'deep nesting, signed',
  signatures: 'signature and timestamp edge cases',
  replays: 'replays',
  encodings: 'encodings and charsets',
  headers: 'huge and odd headers',
  routes: 'methods and paths',
  approvals: 'approval tokens, CSRF and forms',
  helpdesk: 'helpdesk webhooks (HMAC scheme)',
  temporalDown: 'authentic events, Temporal deliberately down',
  temporalBack: 'the same events retried, Temporal back',
} as const;
export type FuzzCategory = (typeof FuzzCategory)[keyof typeof FuzzCategory];

/**
 * What the rule of issue 12 demands of the answer:
 * - `accepted`: authentic input → 202 (and, for an event, it must end well);
 * - `forged`: unsigned or forged webhook → never 2xx, and no workflow;
 * - `refused`: input the sender can fix → a 4xx, and no workflow;
 * - `no-server-error`: anything but a 5xx (authenticated reads, odd-but-harmless requests);
 * - `unavailable`: Temporal is deliberately down → 503 with Retry-After, so the sender retries (never a 202).
 */
export type Expectation = 'accepted' | 'forged' | 'refused' | 'no-server-error' | 'unavailable';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
}

export interface FuzzCase {
  category: FuzzCategory;
  /** A few words saying what this case does, shown when it fails. */
  label: string;
  expectation: Expectation;
  /** Sent with node:http; exactly one of `request` and `raw`. */
  request?: FuzzRequest;
  /** Bytes written to a socket as they are, for what node:http refuses to send (bad header bytes, huge headers). */
  raw?: Buffer;
  /** Sent on a connection of its own, not queued behind the shared keep-alive sockets (for timing the answer). */
  ownConnection?: boolean;
}
