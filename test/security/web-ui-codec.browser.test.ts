import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptionDevelopmentDefaults as developmentDefaults } from '../../src/config/payload-encryption-settings';
import {
  startTemporalDevServer,
  type RunningTemporalDevServer,
} from '../../scripts/dev-stack/temporal-dev-server';
import { freePort } from '../support/free-port';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';

// The Temporal Web UI (the dev server's own) in headless Chromium, with its codec server setting pointed at
// Loudwire's /codec: an operator who signed in sees the record in plaintext; without a session the codec server
// answers 401 and the UI has nothing but ciphertext to show.

const operatorToken = developmentDefaults.CODEC_OPERATOR_TOKENS.split(':')[1]!;
const companyName = 'Web UI Decode Robotics AG';
let dataDir: string;
let server: RunningTemporalDevServer;
let stack: LoudwireTestStack;
let browser: Browser;
let workflowId: string;
let runId: string;
let recordKey: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'loudwire-ui-codec-'));
  server = await startTemporalDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    host: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
  });
  stack = await startLoudwireTestStack(
    { TEMPORAL_UI_URL: server.uiUrl },
    { temporalAddress: server.address },
  );
  const envelope = dealWonEnvelope({ companyName });
  recordKey = envelope.data.deal.id;
  const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, envelope);
  workflowId = accepted.body.workflowId as string;
  runId = (await stack.temporal.workflow.getHandle(workflowId).describe()).runId;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The Web UI's Settings → Codec Server, as the UI stores it: this API's /codec, with cross-origin credentials. */
async function pointUiAtCodecServer(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  await page.goto(server.uiUrl);
  const endpoint = JSON.stringify(JSON.stringify(`${stack.apiUrl}/codec`));
  await page.evaluate(`
    localStorage.setItem('endpoint', ${endpoint});
    localStorage.setItem('includeCredentials', 'true');
    localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
  `);
  await page.close();
}

const workflowPage = () =>
  `${server.uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;

describe('the Temporal Web UI with Loudwire’s codec server', () => {
  it('shows the record in plaintext to a signed-in operator', async () => {
    const context = await browser.newContext();
    const signIn = await context.newPage();
    await signIn.goto(`${stack.apiUrl}/codec/session`);
    await signIn.getByLabel('Operator token').fill(operatorToken);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    expect(await signIn.getByRole('status').textContent()).toContain('Signed in as dev-operator');
    await pointUiAtCodecServer(context);

    const page = await context.newPage();
    const decoded = page.waitForResponse(
      (response) => response.url().startsWith(`${stack.apiUrl}/codec/decode`) && response.status() === 200,
      { timeout: 30_000 },
    );
    await page.goto(workflowPage());
    await decoded;
    // The workflow's input, decoded; then the webhook's signal, opened in the event history.
    await page.getByText(`"recordKey": "${recordKey}"`).first().waitFor({ timeout: 30_000 });
    await page.getByText('Workflow Execution Signaled').first().click();
    await page.getByText(companyName).first().waitFor({ timeout: 30_000 });
    await context.close();
  }, 60_000);

  it('shows no plaintext without a session: the codec server answers 401', async () => {
    const context = await browser.newContext();
    await pointUiAtCodecServer(context);
    const page = await context.newPage();
    const refused = page.waitForResponse(
      (response) => response.url().startsWith(`${stack.apiUrl}/codec/decode`),
      { timeout: 30_000 },
    );
    await page.goto(workflowPage());
    expect((await refused).status()).toBe(401);
    await page.getByText('Workflow Execution Signaled').first().click();
    // The record key shows only once decoded: its absence next to the event row proves nothing was decoded.
    await page.getByText('Workflow Execution Started').first().waitFor();
    expect(await page.content()).not.toContain(companyName);
    expect(await page.content()).not.toContain(`"recordKey": "${recordKey}"`);
    await context.close();
  }, 60_000);
});
