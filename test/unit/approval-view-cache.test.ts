import { describe, expect, it } from 'vitest';
import { approvalMemoVersion, ApprovalViewCache } from '../../src/api/approvals/approval-view-cache';
import type { ApprovalRequestView } from '../../src/workflows/approval-messages';

const view = (requestId: string) => ({ requestId, state: 'pending' }) as unknown as ApprovalRequestView;

describe('ApprovalViewCache', () => {
  it('queries an approval once per memo version, shared by concurrent listings', async () => {
    const cache = new ApprovalViewCache();
    let queries = 0;
    const load = async () => {
      queries += 1;
      return view('r1');
    };
    const version = approvalMemoVersion({
      approval: { requestId: 'r1', state: 'pending', group: 'sales-leads' },
    });
    const [first, second] = await Promise.all([
      cache.read('wf', version, load),
      cache.read('wf', version, load),
    ]);
    expect(first).toEqual(view('r1'));
    expect(second).toBe(first);
    await cache.read('wf', version, load);
    expect(queries).toBe(1);

    // Escalated: the memo's group changed, so the view (deadline, active group) is read again.
    const escalated = approvalMemoVersion({
      approval: { requestId: 'r1', state: 'pending', group: 'finance' },
    });
    await cache.read('wf', escalated, load);
    expect(queries).toBe(2);
  });

  it('never caches without a memo, nor a failed read', async () => {
    const cache = new ApprovalViewCache();
    let queries = 0;
    const failing = async (): Promise<ApprovalRequestView | undefined> => {
      queries += 1;
      throw new Error('worker busy');
    };
    expect(approvalMemoVersion(undefined)).toBeUndefined();
    await cache.read('wf', undefined, failing);
    await cache.read('wf', undefined, failing);
    const version = approvalMemoVersion({ approval: { requestId: 'r1', state: 'pending', group: 'g' } });
    expect(await cache.read('wf', version, failing)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await cache.read('wf', version, failing);
    expect(queries).toBe(4);
  });
});
