import { describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import { causeFingerprint, incidentWorkflowId } from '../../src/incidents/incident-key';
import { incidentKeyOf } from '../../src/workflows/incident-membership';

const timeout = (id: string, port: number) =>
  `billing/customers: retries exhausted; last error TargetTimeout: GET http://127.0.0.1:${port}/v1/customers?external_id=${id} got no answer within 2000 ms`;

describe('the cause fingerprint of an incident', () => {
  it('hashes the same failure on different records alike: IDs, hosts, query strings and numbers masked', () => {
    expect(causeFingerprint(timeout('deal_tmx4zh1q7f3', 4003))).toBe(
      causeFingerprint(timeout('deal_abc999xyz', 5555)),
    );
    expect(causeFingerprint('accounting/contacts: no Contacts/3f2a1c4e-1b2c-4d5e-8f90-0a1b2c3d4e5f')).toBe(
      causeFingerprint('accounting/contacts: no Contacts/9e8d7c6b-5a49-4382-b1a0-fedcba987654'),
    );
    expect(causeFingerprint('holds "Acme" where "ACME" was written')).toBe(
      causeFingerprint('holds "Globex" where "GLOBEX" was written'),
    );
  });

  it('tells different causes apart', () => {
    expect(causeFingerprint('billing/customers: HTTP 500')).not.toBe(
      causeFingerprint('billing/customers: timed out'),
    );
    expect(causeFingerprint('a')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keys a record failing on several targets by its first failure, and names no value in the workflow ID', () => {
    const key = incidentKeyOf('client-onboarding', {
      alertClass: AlertClass.retryExhausted,
      severity: 'critical',
      message: `project-tool/projects: HTTP 500 | ${timeout('deal_x1y2z3w4', 1)}`,
      details: [
        { target: 'project-tool/projects', failureType: 'TargetUnavailable' },
        { target: 'billing/customers', failureType: 'TargetTimeout' },
      ],
    });
    const alone = incidentKeyOf('client-onboarding', {
      alertClass: AlertClass.retryExhausted,
      severity: 'critical',
      message: 'project-tool/projects: HTTP 500',
      details: { target: 'project-tool/projects', failureType: 'TargetUnavailable' },
    });
    expect(key).toEqual(alone);
    expect(incidentWorkflowId('loudwire', key)).toBe(
      `incident:loudwire:client-onboarding:project-tool/projects:RetryExhausted:${key.fingerprint}`,
    );
    const rejected = incidentKeyOf('client-onboarding', {
      alertClass: AlertClass.recordRejected,
      severity: 'critical',
      message: 'Record rejected: company.country: "Atlantis" is not a country',
    });
    expect(rejected.target).toBe('record');
  });
});
