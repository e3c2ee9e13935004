import { describe, expect, it } from 'vitest';
import { DestinationBackoff, type AttemptBudget } from '../../src/flow-control/destination-backoff';
import { FailureClass, TargetFailure } from '../../src/systems/kit/target-failure';

/** A clock that only moves when someone sleeps, so waits are exact and instant. */
function fakeTime() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    slept,
    budget(timeLeftMs: number, reserveMs = 1_000): AttemptBudget {
      return {
        deadline: now + timeLeftMs,
        reserveMs,
        sleep: async (ms) => {
          slept.push(Math.round(ms));
          now += ms;
        },
      };
    },
  };
}

const rateLimited = (retryAfterMs?: number) =>
  new TargetFailure(FailureClass.rateLimited, 'project-tool: rate limited (429)', {
    status: 429,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe('DestinationBackoff', () => {
  it('a 429 is waited out inside the attempt and the write tried again, spending no attempt', async () => {
    const time = fakeTime();
    const backoff = new DestinationBackoff(undefined, time.now);
    let calls = 0;
    const result = await backoff.run({ key: 'project-tool', spacingMs: 0 }, time.budget(10_000), async () => {
      calls += 1;
      if (calls === 1) throw rateLimited(2_000);
      return 'written';
    });
    expect(result).toBe('written');
    expect(calls).toBe(2);
    expect(time.slept).toEqual([2_000]);
  });

  it('a 429 the attempt has no time left for goes to Temporal as the failed attempt', async () => {
    const time = fakeTime();
    const backoff = new DestinationBackoff(undefined, time.now);
    await expect(
      backoff.run({ key: 'project-tool', spacingMs: 0 }, time.budget(2_500), async () => {
        throw rateLimited(2_000);
      }),
    ).rejects.toMatchObject({ failureClass: FailureClass.rateLimited });
    expect(time.slept).toEqual([]);
  });

  it('other failures are not retried here', async () => {
    const time = fakeTime();
    const backoff = new DestinationBackoff(undefined, time.now);
    const rejected = new TargetFailure(FailureClass.rejected, 'bad request', { status: 400 });
    await expect(
      backoff.run({ key: 'billing', spacingMs: 0 }, time.budget(10_000), async () => {
        throw rejected;
      }),
    ).rejects.toBe(rejected);
  });

  it('writes to a rate-limited destination go one per spacing, even with no 429 yet', async () => {
    // The clock stands still (sleeps return at once): five writes arriving together, as a burst the server
    // dispatched, each take the next turn.
    const now = 5_000_000;
    const slept: number[] = [];
    const budget: AttemptBudget = {
      deadline: now + 60_000,
      reserveMs: 1_000,
      sleep: async (ms) => {
        slept.push(Math.round(ms));
      },
    };
    const backoff = new DestinationBackoff(undefined, () => now);
    const destination = { key: 'project-tool/projects', spacingMs: 100 };
    for (let write = 0; write < 5; write += 1) await backoff.run(destination, budget, async () => undefined);
    expect(slept).toEqual([100, 200, 300, 400]); // the first goes at once
    // A destination without a rate is not paced.
    slept.length = 0;
    for (let write = 0; write < 3; write += 1)
      await backoff.run({ key: 'billing', spacingMs: 0 }, budget, async () => undefined);
    expect(slept).toEqual([]);
  });

  it('a paced write never waits away the time its attempt needs for the write itself', async () => {
    const now = 5_000_000;
    const slept: number[] = [];
    const budget: AttemptBudget = {
      deadline: now + 1_250,
      reserveMs: 1_000,
      sleep: async (ms) => {
        slept.push(Math.round(ms));
      },
    };
    const backoff = new DestinationBackoff(undefined, () => now);
    const destination = { key: 'project-tool/projects', spacingMs: 100 };
    for (let write = 0; write < 5; write += 1) await backoff.run(destination, budget, async () => undefined);
    expect(slept).toEqual([100, 200, 250, 250]);
  });

  it('three 429s within one Retry-After pause the destination; writes then go one per spacing after it', async () => {
    let now = 5_000_000;
    const slept: number[] = [];
    const budget: AttemptBudget = {
      deadline: now + 60_000,
      reserveMs: 1_000,
      sleep: async (ms) => {
        slept.push(Math.round(ms));
      },
    };
    const paused: string[] = [];
    const backoff = new DestinationBackoff(
      (destination) => paused.push(destination),
      () => now,
    );
    const destination = { key: 'project-tool/projects', spacingMs: 100 };
    // Three writes, 100 ms apart (their turns), each refused once with Retry-After 1 s, all within one second.
    for (let refused = 0; refused < 3; refused += 1) {
      let first = true;
      await backoff.run(destination, budget, async () => {
        if (first) {
          first = false;
          throw rateLimited(1_000);
        }
        return undefined;
      });
      now += 100;
    }
    // The first two refused writes waited alone (and then took the next turn); the third paused the destination
    // and took the first turn after it.
    expect(paused).toEqual(['project-tool/projects']);
    const pauseEnd = 5_000_000 + 200 + 1_000;
    expect(backoff.pausedUntil('project-tool/projects')).toBe(pauseEnd);

    // Writes arriving during the pause follow it, one per 100 ms.
    slept.length = 0;
    for (let write = 0; write < 3; write += 1) await backoff.run(destination, budget, async () => undefined);
    const turnAfterPause = pauseEnd + 100 - now; // the third refused write took the turn at the pause's end
    expect(slept).toEqual([turnAfterPause, turnAfterPause + 100, turnAfterPause + 200]);
    // Other destinations are not paused.
    expect(backoff.pausedUntil('billing')).toBeUndefined();
  });
});
