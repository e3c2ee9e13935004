import { formatMinor, type ApprovalPolicy, type ApprovalSummary } from '../../approvals/approval-policy';
import type { ApprovalSettings } from './approval-settings';

/**
 * Client onboarding commits the company to a client: a kickoff project and a billing customer. Large
 * engagements, clients in countries that need a compliance look, and records the mapping had to change wait for
 * a sales lead first; an unanswered request goes to finance, then is parked (by default) rather than written.
 * Thresholds, groups and timeouts come from APPROVAL_* (docs/approvals.md).
 */
export function clientOnboardingApprovalPolicies(settings: ApprovalSettings): readonly ApprovalPolicy[] {
  return [
    {
      name: 'client-onboarding-review',
      description:
        'A large deal, a client in a listed country, or a record the mapping had to change is reviewed by a ' +
        'person before the project and the billing customer are created.',
      requireWhen: [
        {
          kind: 'moneyAtLeast',
          field: 'deal.amount',
          label: 'Deal amount',
          amountMinor: settings.amountThresholdMinor,
        },
        {
          kind: 'valueIn',
          field: 'organization.country',
          values: settings.countries,
          reason: 'New client in {value}, a country that needs approval',
        },
        { kind: 'mappingWarningPresent', codes: settings.warningCodes },
      ],
      approvers: { group: settings.group, timeoutMs: settings.timeoutMs },
      ...(settings.escalationGroup
        ? { escalation: { group: settings.escalationGroup, timeoutMs: settings.escalationTimeoutMs } }
        : {}),
      onExpiry: settings.onExpiry,
      // The deal's owner cannot approve their own deal.
      ownerField: 'deal.ownerEmail',
    },
  ];
}

/** What the approval page shows of a won deal: organization, deal, amount and contact. */
export function summarizeEngagement(canonical: Record<string, unknown>): ApprovalSummary {
  const record = canonical as {
    organization?: { name?: string; country?: string };
    contact?: { firstName?: string | null; lastName?: string | null; email?: string | null } | null;
    deal?: { title?: string; amount?: { amountMinor: number; currency: string } | null };
  };
  const amount = record.deal?.amount;
  const contact = record.contact;
  const organization = record.organization?.name ?? '(unnamed organization)';
  const dealTitle = record.deal?.title ?? '(untitled deal)';
  return {
    title: `${organization} · ${dealTitle}`,
    facts: [
      { label: 'Organization', value: `${organization} (${record.organization?.country ?? '?'})` },
      { label: 'Deal', value: dealTitle },
      { label: 'Amount', value: amount ? formatMinor(amount.amountMinor, amount.currency) : 'none given' },
      {
        label: 'Contact',
        value: contact
          ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') +
            (contact.email ? ` <${contact.email}>` : '')
          : 'none',
      },
    ],
    listing: {
      organization: record.organization?.name ?? null,
      country: record.organization?.country ?? null,
      dealTitle: record.deal?.title ?? null,
      amount: amount ?? null,
    },
  };
}
