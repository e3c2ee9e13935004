import { describe, expect, it } from 'vitest';
import { compareWrittenRecord } from '../../src/verification/compare-written-record';

describe('compareWrittenRecord', () => {
  const intended = {
    name: 'Zürich AG',
    budget_cents: 125000,
    currency: 'EUR',
    metadata: { full_name: 'Zürich AG' },
  };

  it('ignores fields the target adds and differences of representation only', () => {
    const stored = {
      id: 'prj_1',
      created_at: '2026-11-26T00:00:00Z',
      name: ' Zu\u0308rich AG',
      budget_cents: '125000',
      currency: 'EUR',
      metadata: { full_name: 'Zürich AG' },
    };
    expect(compareWrittenRecord(intended, stored)).toEqual([]);
  });

  it('names every field that differs, nested ones by path', () => {
    const stored = { ...intended, name: 'Zürich AH', metadata: { full_name: 'Zurich' } };
    expect(compareWrittenRecord(intended, stored)).toEqual([
      { field: 'name', intended: 'Zürich AG', stored: 'Zürich AH' },
      { field: 'metadata.full_name', intended: 'Zürich AG', stored: 'Zurich' },
    ]);
  });

  it('treats a field the target dropped as a mismatch', () => {
    const { currency: _dropped, ...stored } = intended;
    expect(compareWrittenRecord(intended, stored)).toEqual([
      { field: 'currency', intended: 'EUR', stored: undefined },
    ]);
  });

  it('does not confuse an off-by-one amount with a formatting difference', () => {
    expect(compareWrittenRecord(intended, { ...intended, budget_cents: 125001 })).toHaveLength(1);
  });
});
