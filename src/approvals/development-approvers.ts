import type { ApproverEntry } from './approver-directory';

/**
 * Development-only approver tokens, used when APPROVER_TOKENS is unset outside production (and by the tests).
 * `NODE_ENV=production` refuses to start the API without APPROVER_TOKENS or with any of these tokens. The
 * deal-owner entry is the owner of the sandbox CRM's deals, so self-approval can be tried locally.
 */
export const developmentApprovers: readonly ApproverEntry[] = [
  {
    token: 'dev-approver-sales-lead-0001',
    email: 'sales.lead@example.com',
    name: 'Sasha Sales-Lead',
    groups: ['sales-leads'],
  },
  {
    token: 'dev-approver-finance-0002',
    email: 'finance.lead@example.com',
    name: 'Finn Finance',
    groups: ['finance'],
  },
  {
    token: 'dev-approver-deal-owner-0003',
    email: 'owner@example.com',
    name: 'Olive Owner',
    groups: ['sales-leads', 'finance'],
  },
  {
    token: 'dev-approver-operations-0004',
    email: 'ops@example.com',
    name: 'Oskar Operations',
    groups: ['operations'],
  },
];
