import { describe, expect, it } from 'vitest';
import { valueFreeParkedReason } from '../../src/workflows/parked-reason';

describe('the parked reason search attribute', () => {
  it('keeps class, target, fields and failure type but masks every value', () => {
    expect(
      valueFreeParkedReason(
        'RecordRejected',
        'Record rejected: company.country: "Neverland" is not a known country; contact.email: "ada@x.example" is not a valid email address',
      ),
    ).toBe(
      'RecordRejected: Record rejected: company.country: "…" is not a known country; contact.email: "…" is not a valid email address',
    );
    expect(
      valueFreeParkedReason('TargetRejected', "billing: name 'Ada Lovelace' too long; call +49 30 1234567"),
    ).toBe("TargetRejected: billing: name '…' too long; call <number>");
    expect(valueFreeParkedReason('TargetRejected', 'billing: duplicate of ada@acme.example')).toBe(
      'TargetRejected: billing: duplicate of <email>',
    );
    expect(
      valueFreeParkedReason(
        'ErrorInSuccessBody',
        'billing: retries exhausted; last error TargetErrorInSuccessBody: HTTP 200',
      ),
    ).toBe('ErrorInSuccessBody: billing: retries exhausted; last error TargetErrorInSuccessBody: HTTP 200');
    expect(valueFreeParkedReason('X', `"${'a'.repeat(40)}"… (900 characters)`)).toBe('X: "…"');
  });
});
