import { describe, expect, it } from 'vitest';
import { businessTimeBetween, businessWindowStart } from '../../src/silence/business-hours';
import {
  describeExpectedTraffic,
  effectiveTraffic,
  expectedTrafficOverrides,
  officeHours,
} from '../../src/silence/expected-traffic';

const hour = 3_600_000;

describe('business hours in the integration’s own time zone', () => {
  it('reaches back over a weekend: 4 business hours before Monday 10:00 Berlin start Friday 14:00', () => {
    const monday10 = Date.parse('2026-11-30T10:00:00+01:00');
    const start = businessWindowStart(monday10, 4 * hour, 'Europe/Berlin', officeHours);
    expect(new Date(start).toISOString()).toBe('2026-11-27T13:00:00.000Z'); // Friday 14:00 in Berlin
    expect(businessTimeBetween(start, monday10, 'Europe/Berlin', officeHours)).toBe(4 * hour);
  });

  it('follows the zone across a daylight-saving change (Berlin, last Sunday of October)', () => {
    const monday0930 = Date.parse('2026-10-26T09:30:00+01:00'); // winter time since Sunday
    const start = businessWindowStart(monday0930, 2 * hour, 'Europe/Berlin', officeHours);
    expect(new Date(start).toISOString()).toBe('2026-10-23T13:30:00.000Z'); // Friday 15:30 summer time
  });

  it('counts every minute without business hours, and none outside them', () => {
    const end = Date.parse('2026-11-29T12:00:00Z'); // a Sunday
    expect(businessWindowStart(end, hour, 'UTC')).toBe(end - hour);
    expect(businessTimeBetween(end - 6 * hour, end, 'UTC', officeHours)).toBe(0);
  });

  it('refuses business hours that never open', () => {
    expect(() =>
      businessWindowStart(Date.now(), hour, 'UTC', { days: [1], from: '09:00', to: '09:00' }),
    ).toThrow(/hold less than/);
  });
});

describe('expected traffic declarations and EXPECTED_TRAFFIC', () => {
  const declared = {
    eventType: 'deal.won',
    atLeast: 1,
    withinMs: 4 * hour,
    timeZone: 'Europe/Berlin',
    businessHours: officeHours,
  };

  it('describes an expectation the way an operator says it', () => {
    expect(describeExpectedTraffic(declared)).toBe(
      'at least 1 deal.won per 4 business hours (Mon–Fri 09:00–17:00 Europe/Berlin)',
    );
  });

  it('overrides a declaration field by field, or switches it to learned or none', () => {
    const overrides = expectedTrafficOverrides.parse(
      '{"client-onboarding": {"within": "20s", "businessHours": false}, "support-escalation": "none"}',
    );
    expect(effectiveTraffic(declared, overrides['client-onboarding'], 'x')).toEqual({
      eventType: 'deal.won',
      atLeast: 1,
      withinMs: 20_000,
      timeZone: 'Europe/Berlin',
    });
    expect(effectiveTraffic(undefined, overrides['support-escalation'], 'x')).toBe('none');
    expect(effectiveTraffic(undefined, undefined, 'x')).toBe('learned');
  });

  it('names what is wrong in a bad override', () => {
    const parsed = expectedTrafficOverrides.safeParse(
      '{"client-onboarding": {"within": "soon", "timeZone": "Mars/Base"}}',
    );
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toContain(
      'client-onboarding.within: "soon" is not a duration (use e.g. 500ms, 30s, 5m, 2h, 4d)',
    );
    expect(messages).toContain('client-onboarding.timeZone: is not an IANA time zone');
    expect(expectedTrafficOverrides.safeParse('{not json').error?.issues[0]?.message).toMatch(/^is not JSON/);
  });
});
