import { describe, expect, it } from 'vitest';
import { AlertClass } from '../../src/alerts/alert';
import type { ContractChange } from '../../src/contracts/source-contract';
import { warningIncidentKeyOf } from '../../src/incidents/warning-incident-key';
import { schemaDriftIncident } from '../../src/workflows/classify-incident';

const newField = (path: string, actual = 'number'): ContractChange => ({
  path,
  change: 'unexpected',
  actual,
});

describe('the incident key of a warning that parks nothing', () => {
  it('keys schema drift by source and the changed paths, whatever order or record they came in', () => {
    const one = warningIncidentKeyOf(
      'client-onboarding',
      'crm',
      schemaDriftIncident([newField('deal.probabilityPct'), newField('deal.region', 'string')], false),
    );
    const other = warningIncidentKeyOf(
      'client-onboarding',
      'crm',
      schemaDriftIncident([newField('deal.region', 'string'), newField('deal.probabilityPct')], false),
    );
    expect(one).toEqual({
      integration: 'client-onboarding',
      target: 'crm',
      alertClass: AlertClass.schemaDrift,
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(other).toEqual(one);
  });

  it('tells different drifts apart: another path, another type, another source', () => {
    const base = warningIncidentKeyOf(
      'client-onboarding',
      'crm',
      schemaDriftIncident([newField('deal.a')], false),
    )!;
    const keys = [
      warningIncidentKeyOf('client-onboarding', 'crm', schemaDriftIncident([newField('deal.b')], false))!,
      warningIncidentKeyOf(
        'client-onboarding',
        'crm',
        schemaDriftIncident([newField('deal.a', 'string')], false),
      )!,
      warningIncidentKeyOf(
        'client-onboarding',
        'helpdesk',
        schemaDriftIncident([newField('deal.a')], false),
      )!,
    ];
    for (const key of keys) expect(key.fingerprint).not.toBe(base.fingerprint);
  });

  it('groups target drift by target, field and resolution, never by the values changed', () => {
    const drifted = (onTarget: string) => ({
      alertClass: AlertClass.targetDrifted,
      severity: 'warning' as const,
      message: `Changed on the target since Loudwire last wrote it: project-tool/projects.client (kept)`,
      details: {
        sequence: 3,
        diff: [
          {
            target: 'project-tool/projects',
            field: 'client',
            resolution: 'kept',
            onTarget,
            lastWritten: 'A',
          },
        ],
      },
    });
    const one = warningIncidentKeyOf('client-onboarding', 'crm', drifted('Acme Ltd'))!;
    expect(warningIncidentKeyOf('client-onboarding', 'crm', drifted('Globex'))).toEqual(one);
    expect(one.target).toBe('project-tool/projects');
  });

  it('leaves per-record alerts alone: breaking drift parks (its own path), archives and approvals stay per record', () => {
    expect(warningIncidentKeyOf('client-onboarding', 'crm', schemaDriftIncident([newField('x')], true))).toBe(
      undefined,
    );
    expect(
      warningIncidentKeyOf('client-onboarding', 'crm', {
        alertClass: AlertClass.recordArchived,
        severity: 'warning',
        message: 'Deal lost: projects archived',
        details: { diff: [{ target: 'x' }] },
      }),
    ).toBe(undefined);
  });
});
