import { FailureClass, TargetFailure } from '../kit/target-failure';
import type { CrmClient } from './crm-client';

/** A won deal as a look-up needs it. */
export interface WonDealReference {
  id: string;
  companyId: string;
  title: string;
  wonAt: string | null;
}

/** The company's won deals, most recently won first (the CRM filters deals by stage only). */
export async function wonDealsOfCompany(
  client: CrmClient,
  companyId: string,
  signal?: AbortSignal,
): Promise<WonDealReference[]> {
  const answer = await client.body(
    { method: 'GET', path: '/api/deals?stage=won', ...(signal ? { signal } : {}) },
    'list won deals',
  );
  if (!Array.isArray(answer.deals)) {
    throw new TargetFailure(FailureClass.unexpectedResponse, 'list won deals: the answer lacks deals');
  }
  return (answer.deals as Record<string, unknown>[])
    .filter((deal) => deal.companyId === companyId && typeof deal.id === 'string')
    .map((deal) => ({
      id: deal.id as string,
      companyId,
      title: String(deal.title ?? ''),
      wonAt: typeof deal.wonAt === 'string' ? deal.wonAt : null,
    }))
    .sort((a, b) => (b.wonAt ?? '').localeCompare(a.wonAt ?? ''));
}
