import { describe, expect, it } from 'vitest';
import { RetryAfterAdvice } from '../../src/api/webhooks/retry-after-advice';

/** `shed` sheds and `answered` answers spread evenly over the second starting at `atMs`. */
function secondOfLoad(advice: RetryAfterAdvice, atMs: number, shed: number, answered: number): void {
  for (let i = 0; i < shed; i += 1) advice.shed(atMs + (i * 1000) / shed);
  for (let i = 0; i < answered; i += 1) advice.answered(atMs + (i * 1000) / answered);
}

describe('Retry-After for shed webhooks (RetryAfterAdvice)', () => {
  it('is 1 s before Temporal has answered anything: nothing measures its rate yet', () => {
    const advice = new RetryAfterAdvice();
    secondOfLoad(advice, 0, 100, 0);
    expect(advice.seconds(900)).toBe(1);
  });

  it('is 1 s for a burst Temporal takes within a second', () => {
    const advice = new RetryAfterAdvice();
    secondOfLoad(advice, 0, 38, 100);
    expect(advice.seconds(999)).toBe(1);
  });

  it('is the time Temporal needs, at the rate it answered, for what was shed: 370 shed at 30 answered/s is 13 s', () => {
    const advice = new RetryAfterAdvice();
    secondOfLoad(advice, 0, 370, 30);
    expect(advice.seconds(999)).toBe(13);
    // A second later the same load: twice the shed over twice the time, the same rate.
    secondOfLoad(advice, 1000, 370, 30);
    expect(advice.seconds(1999)).toBe(25);
  });

  it('never asks for more than 30 s', () => {
    const advice = new RetryAfterAdvice();
    for (let second = 0; second < 5; second += 1) secondOfLoad(advice, second * 1000, 400, 10);
    expect(advice.seconds(4999)).toBe(30);
  });

  it('forgets what is older than its 5 s window: once the overload passes, the wait is short again', () => {
    const advice = new RetryAfterAdvice();
    secondOfLoad(advice, 0, 400, 10);
    expect(advice.seconds(999)).toBe(30);
    secondOfLoad(advice, 5_000, 0, 50);
    expect(advice.seconds(5_999)).toBe(1);
    // Nothing at all in the window: 1 s.
    expect(advice.seconds(60_000)).toBe(1);
  });
});
