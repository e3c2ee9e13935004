/** A realistic CRM `deal.won` payload for tests; `overrides` replace whole objects or single fields. */
export function crmPayload(
  overrides: {
    deal?: Record<string, unknown>;
    company?: Record<string, unknown>;
    contact?: Record<string, unknown> | null;
  } = {},
): Record<string, unknown> {
  return {
    deal: {
      id: 'deal_100',
      title: 'Website relaunch',
      amount: '12,500.00',
      currency: 'usd',
      stage: 'won',
      ownerEmail: 'Ann@Example.com ',
      closeDate: '2026-11-30',
      wonAt: '2026-11-26T14:00:00.000Z',
      version: 3,
      updatedAt: '2026-11-26T14:00:05.000Z',
      ...overrides.deal,
    },
    company: {
      id: 'co_100',
      name: 'Acme Inc.',
      country: 'United States',
      domain: 'acme.com',
      phone: '(415) 555-0100',
      ...overrides.company,
    },
    contact:
      overrides.contact === null
        ? null
        : {
            id: 'ct_100',
            firstName: 'Ann',
            lastName: 'Lee',
            email: ' Ann@Example.COM',
            phone: '(415) 555-0134',
            ...overrides.contact,
          },
  };
}
