import { describe, expect, it } from 'vitest';
import { InFlightLimit } from '../../src/api/webhooks/in-flight-limit';

/** A limit on a clock the test moves: each call is acquired, the clock advances, then it is released. */
function limitOnTestClock(capacity: number, targetMs: number | undefined) {
  let now = 1_000;
  const limit = new InFlightLimit(capacity, targetMs, () => now);
  /** `concurrency` calls at once, each taking `ms`; returns how many were admitted. */
  const round = (concurrency: number, ms: number) => {
    const releases = [];
    for (let i = 0; i < concurrency; i += 1) {
      const release = limit.tryAcquire();
      if (release) releases.push(release);
    }
    now += ms;
    for (const release of releases) release();
    return releases.length;
  };
  return { limit, round };
}

describe('the adaptive in-flight bound of the webhook path', () => {
  it('is fixed at WEBHOOK_MAX_IN_FLIGHT when the latency target is off', () => {
    const { limit, round } = limitOnTestClock(64, undefined);
    expect(limit.limit).toBe(64);
    expect(round(100, 5_000)).toBe(64);
    expect(limit.limit).toBe(64);
    expect(limit.shed).toBe(36);
  });

  it('starts at 8 and doubles per round trip while Temporal answers within the target and the bound is pressed', () => {
    const { limit, round } = limitOnTestClock(64, 50);
    expect(limit.limit).toBe(8);
    expect(round(100, 10)).toBe(8);
    expect(limit.limit).toBe(16);
    round(100, 10);
    expect(limit.limit).toBe(32);
    round(100, 10);
    round(100, 10);
    expect(limit.limit).toBe(64); // never past the capacity
  });

  it('does not grow when nobody presses on it', () => {
    const { limit, round } = limitOnTestClock(64, 50);
    for (let i = 0; i < 100; i += 1) round(1, 10);
    expect(limit.limit).toBe(8);
  });

  it('is cut by 30 % per half second in which even the quickest answer was slow, and sheds the excess at once', () => {
    const { limit, round } = limitOnTestClock(64, 50);
    round(100, 10);
    round(100, 10);
    expect(limit.limit).toBe(32);
    // 600 ms per round: each round closes the half second before it. The first closes one with quick answers.
    expect(round(100, 600)).toBe(32);
    expect(limit.limit).toBe(32);
    round(100, 600); // the half second it closes had only slow answers: one cut, not one per answer
    expect(limit.limit).toBe(22);
    round(100, 600);
    expect(limit.limit).toBe(15);
    for (let i = 0; i < 20; i += 1) round(100, 600);
    expect(limit.limit).toBe(1); // never below one call at a time
    const before = limit.shed;
    expect(round(5, 600)).toBe(1);
    expect(limit.shed - before).toBe(4);
  });

  it('is not cut by slow answers among quick ones (no standing queue)', () => {
    const { limit, round } = limitOnTestClock(64, 50);
    for (let i = 0; i < 50; i += 1) {
      round(4, 20);
      round(4, 120); // every other batch slow, as on a busy machine at a load it keeps up with
    }
    expect(limit.limit).toBeGreaterThanOrEqual(8);
    expect(limit.shed).toBe(0);
  });

  it('after a cut, grows back by about one per round trip', () => {
    const { limit, round } = limitOnTestClock(64, 50);
    round(100, 10);
    expect(limit.limit).toBe(16);
    round(100, 600);
    round(100, 600);
    expect(limit.limit).toBe(11); // 16 × 0.7
    round(100, 10);
    expect(limit.limit).toBe(12);
    round(100, 10);
    expect(limit.limit).toBe(13);
  });

  it('aims at twice the quickest answer when Temporal is farther away than the target', () => {
    const { limit, round } = limitOnTestClock(64, 50);
    // 80 ms per call even unloaded: above 50 ms, but within twice the quickest answer (160 ms), so no cut.
    for (let i = 0; i < 20; i += 1) round(100, 80);
    expect(limit.limit).toBe(64);
    // Past 160 ms for whole half seconds: a queue of our own.
    for (let i = 0; i < 10; i += 1) round(100, 200);
    expect(limit.limit).toBeLessThan(64);
  });

  it('checks capacity on arrival without taking a slot', () => {
    const { limit } = limitOnTestClock(2, undefined);
    expect(limit.shedIfFull()).toBe(false);
    const first = limit.tryAcquire()!;
    const second = limit.tryAcquire()!;
    expect(limit.inFlight).toBe(2);
    expect(limit.shedIfFull()).toBe(true);
    expect(limit.shed).toBe(1);
    first();
    first(); // a second release of the same slot changes nothing
    expect(limit.inFlight).toBe(1);
    second();
    expect(limit.inFlight).toBe(0);
  });
});
