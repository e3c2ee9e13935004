import { describe, expect, it } from 'vitest';
import { describeContractChange, diffAgainstContract } from '../../src/contracts/diff-against-contract';
import { crmDealWonContract } from '../../src/systems/crm/deal-won-contract';
import { dealWonEnvelope } from '../support/signed-webhook';

const conforming = () =>
  structuredClone(dealWonEnvelope().data) as unknown as Record<string, Record<string, unknown>>;

describe('diffAgainstContract', () => {
  it('finds nothing in a payload that keeps the contract', () => {
    expect(diffAgainstContract(crmDealWonContract, conforming())).toEqual([]);
  });

  it('reports a renamed field as one rename, not a loss and a gain', () => {
    const payload = conforming();
    payload.company!.companyName = payload.company!.name;
    delete payload.company!.name;
    expect(diffAgainstContract(crmDealWonContract, payload).map(describeContractChange)).toEqual([
      'company.name renamed to company.companyName',
    ]);
  });

  it('reports a missing required field, a changed type and a new field', () => {
    const payload = conforming();
    delete payload.deal!.amount;
    payload.deal!.version = '3';
    payload.deal!.isRenewal = true;
    expect(diffAgainstContract(crmDealWonContract, payload).map(describeContractChange)).toEqual([
      'deal.version changed type: expected number, got string',
      'deal.amount is missing (expected string|number)',
      'deal.isRenewal is new (boolean)',
    ]);
  });

  it('accepts a null contact and an absent optional field', () => {
    const payload = conforming();
    payload.contact = null as unknown as Record<string, unknown>;
    delete payload.company!.domain;
    expect(diffAgainstContract(crmDealWonContract, payload)).toEqual([]);
  });

  it('never throws on junk', () => {
    for (const junk of [null, 42, 'text', [], [1, 2], { deal: [] }, { deal: { id: {} } }]) {
      expect(() => diffAgainstContract(crmDealWonContract, junk)).not.toThrow();
    }
    expect(diffAgainstContract(crmDealWonContract, 'text')).toEqual([
      { path: '(payload)', change: 'type_changed', expected: 'object', actual: 'string' },
    ]);
  });
});
