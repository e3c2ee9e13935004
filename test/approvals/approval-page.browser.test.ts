import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';
import {
  acceptedDecisions,
  approvalEnvironment,
  startAlertSink,
  targetRecords,
  tokens,
  waitForApproval,
  type AlertSink,
} from './approval-test-kit';

// The approval page in headless Chromium (Debian's `chromium` package; never a downloaded browser), driven by
// keyboard the way an approver on a phone or with a screen reader would use it.

let stack: LoudwireTestStack;
let sink: AlertSink;
let browser: Browser;

beforeAll(async () => {
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(approvalEnvironment(sink, { APPROVAL_TIMEOUT: '1h' }));
  await stack.startWorker();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await sink?.close();
});

describe('the approval page', () => {
  it('lets a sales lead sign in, find the deal and approve it with a comment, by keyboard on a phone', async () => {
    const companyName = 'Acme <script>alert(1)</script> "Robotics" GmbH';
    const envelope = dealWonEnvelope({ companyName });
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
    const workflowId = accepted.body.workflowId as string;
    const view = await waitForApproval(stack.temporal, workflowId);

    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    // The alert's link leads to the sign-in form first.
    await page.goto(view.approvalUrl);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toContain(
      'width=device-width',
    );
    await page.getByLabel('Approver token').fill('not-a-valid-token');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not a valid approver token');

    await page.getByLabel('Approver token').fill(tokens.salesLead);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/ui/approvals/${encodeURIComponent(workflowId)}`);
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'loudwire_approver')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/ui',
    });

    // The list shows the pending deal, with the name escaped as text.
    await page.goto(`${stack.apiUrl}/ui/approvals`);
    const link = page.getByRole('link', { name: `${companyName} · Platform rollout` });
    await waitFor('the deal on the list page', async () => {
      if ((await link.count()) === 1) return true;
      await page.reload();
      return undefined;
    });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname.startsWith('/ui/approvals/client-onboarding'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `${companyName} · Platform rollout`,
    );
    expect(await page.getByText('Deal amount 12,500.00 USD is at or above the threshold').count()).toBe(1);

    // Readable on a phone: nothing wider than the screen.
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);

    // Keyboard only: the comment field, then Tab to Approve, then Enter.
    await page.getByLabel('Comment (recorded with your decision)').focus();
    await page.keyboard.type('Signed framework agreement on file');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Approve');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('decided') === '1');
    expect(await page.getByRole('status').first().textContent()).toContain('Your decision was recorded.');
    await expect
      .poll(async () => (await page.getByRole('status').allTextContents()).join(' '))
      .toContain('Approved');

    expect(dialogs).toEqual([]);
    await waitFor('the record to be synced', async () => {
      const state = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
      return state.status === 'Synced' ? true : undefined;
    });
    const { projects, customers } = await targetRecords(stack, envelope.data.deal.id);
    expect(projects).toHaveLength(1);
    expect(customers).toHaveLength(1);
    expect(await acceptedDecisions(stack.temporal, workflowId)).toEqual(['approvalDecision']);
    const decided = await waitForApproval(stack.temporal, workflowId);
    expect(decided.decision).toMatchObject({
      approver: { email: 'sales.lead@example.com' },
      comment: 'Signed framework agreement on file',
    });
    await context.close();
  });
});
