import { describe, expect, it } from 'vitest';
import { planTargetUpdate } from '../../src/verification/plan-target-update';

const ownership = { name: 'loudwire', status: 'target', owner_email: 'park' } as const;
const written = { name: 'Rollout', status: 'kickoff', owner_email: 'ann@example.com', budget_cents: 100 };

describe('planTargetUpdate', () => {
  it('sends only the fields that changed at the source, never a target-owned one', () => {
    const plan = planTargetUpdate({
      intended: { ...written, budget_cents: 200, status: 'kickoff' },
      stored: { ...written, status: 'active' },
      lastWritten: written,
      ownership,
      resolveConflicts: false,
    });
    expect(plan.changes).toEqual({ budget_cents: 200 });
    expect(plan.drift).toEqual([]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.nextBaseline).toMatchObject({ budget_cents: 200 });
  });

  it('reports a Loudwire-owned field changed on the target as drift and overwrites it', () => {
    const plan = planTargetUpdate({
      intended: written,
      stored: { ...written, name: 'Renamed by a person' },
      lastWritten: written,
      ownership,
      resolveConflicts: false,
    });
    expect(plan.changes).toEqual({ name: 'Rollout' });
    expect(plan.drift).toEqual([
      expect.objectContaining({ field: 'name', onTarget: 'Renamed by a person', resolution: 'overwritten' }),
    ]);
  });

  it('keeps a park field changed only on the target, and parks one changed on both sides', () => {
    const kept = planTargetUpdate({
      intended: written,
      stored: { ...written, owner_email: 'bob@example.com' },
      lastWritten: written,
      ownership,
      resolveConflicts: false,
    });
    expect(kept.changes).toEqual({});
    expect(kept.drift).toEqual([expect.objectContaining({ field: 'owner_email', resolution: 'kept' })]);
    expect(kept.nextBaseline.owner_email).toBe('bob@example.com');

    const both = {
      intended: { ...written, owner_email: 'cy@example.com' },
      stored: { ...written, owner_email: 'bob@example.com' },
    };
    const parked = planTargetUpdate({ ...both, lastWritten: written, ownership, resolveConflicts: false });
    expect(parked.conflicts).toEqual([
      expect.objectContaining({ field: 'owner_email', resolution: 'parked' }),
    ]);
    const resolved = planTargetUpdate({ ...both, lastWritten: written, ownership, resolveConflicts: true });
    expect(resolved.changes).toEqual({ owner_email: 'cy@example.com' });
    expect(resolved.conflicts).toEqual([]);
  });

  it('without a baseline brings Loudwire-owned fields current and parks differing park fields', () => {
    const plan = planTargetUpdate({
      intended: written,
      stored: { ...written, name: 'Old', owner_email: 'bob@example.com' },
      lastWritten: undefined,
      ownership,
      resolveConflicts: false,
    });
    expect(plan.conflicts.map((c) => c.field)).toEqual(['owner_email']);
    expect(plan.changes).toEqual({ name: 'Rollout' });
  });

  it('treats representation differences as equal (numeric strings, whitespace)', () => {
    const plan = planTargetUpdate({
      intended: { name: 'Rollout ', budget_cents: 100 },
      stored: { name: 'Rollout', budget_cents: '100' },
      lastWritten: { name: 'Rollout', budget_cents: 100 },
      ownership,
      resolveConflicts: false,
    });
    expect(plan.changes).toEqual({});
  });
});
