import { describe, expect, it } from 'vitest';
import { UnconfirmedLessons } from '../../src/activities/unconfirmed-lessons';
import { emptyBaseline, observeRecord, type BaselineState } from '../../src/anomaly/baseline-state';
import type { RecordFeatures } from '../../src/anomaly/record-features';
import { loadEnvironment } from '../../src/config/environment';
import { clientOnboarding } from '../../src/integrations/client-onboarding';

// The cause of anomaly-hold.test.ts's flakiness, as a unit: a worker's copy of the baseline was replaced by each
// read of the baseline's state, forgetting the records the worker had taught but the baseline had not received
// yet; under load, enough to put the copy back into its cold start, so a 20× deal was not held.

const declaration = clientOnboarding.anomalyChecks!(loadEnvironment({}))!;
const baseline = 'baseline:client-onboarding:q';

function lesson(key: string): RecordFeatures {
  return {
    key,
    amount: { minor: 1_800_000, currency: 'USD' },
    categories: { currency: 'USD', country: 'US', 'owner domain': 'example.com' },
    texts: {},
    present: [],
    company: { name: `company ${key}` },
  };
}

/** The baseline workflow's state after it learned these lessons. */
function workflowState(lessons: RecordFeatures[]): BaselineState {
  const state = emptyBaseline();
  for (const each of lessons) observeRecord(state, each, declaration);
  return state;
}

describe('lessons a read of the baseline may not include yet', () => {
  it('are learned again by a read that started before the baseline accepted them', () => {
    const unconfirmed = new UnconfirmedLessons();
    const taught = Array.from({ length: 40 }, (_, index) => lesson(`deal_${index}`));
    for (const each of taught) unconfirmed.taught(baseline, each, declaration);
    unconfirmed.accepted(baseline, taught.slice(0, 25)); // the last 15 wait for the next batch

    const readStartedAt = performance.now();
    const read = workflowState(taught.slice(0, 25));
    unconfirmed.applyTo(baseline, read, readStartedAt);
    expect(read.observed).toBe(40); // was 25 before the fix: below a cold start of 30
    expect(read.window.map((entry) => entry.k).sort()).toEqual(taught.map((each) => each.key).sort());
  });

  it('are forgotten once a read that started after their acceptance answered, never counted twice', () => {
    const unconfirmed = new UnconfirmedLessons();
    const taught = Array.from({ length: 10 }, (_, index) => lesson(`deal_${index}`));
    for (const each of taught) unconfirmed.taught(baseline, each, declaration);
    const earlyRead = performance.now();
    unconfirmed.accepted(baseline, taught);

    // A read in flight while the batch was accepted may or may not include it: learned again, counted once.
    const inFlight = workflowState(taught);
    unconfirmed.applyTo(baseline, inFlight, earlyRead);
    expect(inFlight.observed).toBe(10);

    const later = performance.now() + 1;
    const empty = emptyBaseline();
    unconfirmed.applyTo(baseline, empty, later);
    expect(empty.observed).toBe(0); // nothing left to re-learn: the later read includes the batch
  });

  it('keep a later version of a record until that version is accepted', () => {
    const unconfirmed = new UnconfirmedLessons();
    const first = lesson('deal_1');
    const second = { ...lesson('deal_1'), amount: { minor: 36_000_000, currency: 'USD' } };
    unconfirmed.taught(baseline, first, declaration);
    unconfirmed.taught(baseline, second, declaration);
    unconfirmed.accepted(baseline, [first]); // the batch with the first version only
    const read = workflowState([first]);
    unconfirmed.applyTo(baseline, read, performance.now() + 1);
    expect(read.window).toHaveLength(1);
    expect(read.window[0]!.a).toEqual([36_000_000, 'USD']);
  });
});
