import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentApprovers } from '../../src/approvals/development-approvers';
import { parkedClassAttribute, parkedReasonAttribute } from '../../src/temporal/search-attributes';
import { recordSyncStateQuery, SyncStatus } from '../../src/workflows/record-sync-messages';
import {
  startTemporalDevServer,
  type RunningTemporalDevServer,
} from '../../scripts/dev-stack/temporal-dev-server';
import {
  approvalEnvironment,
  callApprovals,
  decisionPath,
  tokens,
  waitForApproval,
} from '../approvals/approval-test-kit';
import { startAlertSink, type AlertSink } from '../support/alert-sink';
import { freePort } from '../support/free-port';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { injectFault } from '../support/sandbox-control';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// Temporal is not trusted with personal data: after a run through approval, writes and a parked failure, the
// dev server's own SQLite file (history, visibility, search attributes, memos) holds none of the record's values.
// Its own server, file-backed, so the test can read the bytes it persisted.

let dataDir: string;
let server: RunningTemporalDevServer;
let stack: LoudwireTestStack;
let sink: AlertSink;
// Every personal value below carries this marker, so one search finds it in any form (normalized, cased, quoted).
const marker = `qz${randomBytes(5).toString('hex')}`;

function personalEnvelope(tag: string) {
  const envelope = dealWonEnvelope();
  envelope.data.deal.title = `Rollout ${marker} ${tag}`;
  envelope.data.company.name = `Quillfeather ${marker} ${tag} GmbH`;
  envelope.data.contact.lastName = `Featherstone${marker}`;
  envelope.data.contact.email = `ada.${marker}@quillfeather.example`;
  return envelope;
}

async function stateOf(workflowId: string) {
  return stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'loudwire-encrypted-'));
  server = await startTemporalDevServer({
    dbFile: join(dataDir, 'temporal.sqlite'),
    host: '127.0.0.1',
    port: await freePort(),
    uiPort: await freePort(),
  });
  sink = await startAlertSink();
  stack = await startLoudwireTestStack(approvalEnvironment(sink, { APPROVAL_TIMEOUT: '1h' }), {
    temporalAddress: server.address,
  });
  await stack.startWorker();
}, 60_000);

let stopped = false;
afterAll(async () => {
  if (!stopped) {
    await stack?.close();
    await server?.stop();
  }
  await sink?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('what Temporal stores', () => {
  it('holds no deal, company, contact, email, comment or approver value in its SQLite file', async () => {
    // An approved deal: webhook signal, approval request query, the decision Update (approver, comment), writes.
    const approved = personalEnvelope('approved');
    const accepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, approved);
    expect(accepted.status).toBe(202);
    const approvedId = accepted.body.workflowId as string;
    const view = await waitForApproval(stack.temporal, approvedId);
    expect(JSON.stringify(view)).toContain(marker); // the client decrypts: operators still see everything
    const decision = await callApprovals(stack, decisionPath(approvedId), {
      token: tokens.salesLead,
      body: { decision: 'approve', comment: `Contract ${marker} on file` },
    });
    expect(decision.status).toBe(200);
    await waitFor('the approved deal to sync', async () =>
      (await stateOf(approvedId)).status === SyncStatus.synced ? true : undefined,
    );

    // A parked deal: the vendor's error body travels in failure details and the alert activity's input.
    await injectFault(stack.sandboxes.billing.url, { kind: 'error_body_200', count: 100 });
    const parked = personalEnvelope('parked');
    parked.data.deal.amount = '10.00'; // below the approval threshold: straight to the writes
    const parkedAccepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, parked);
    const parkedId = parkedAccepted.body.workflowId as string;
    await waitFor('the faulty deal to park', async () =>
      (await stateOf(parkedId)).status === SyncStatus.parked ? true : undefined,
    );
    await waitFor('its alert', async () => (sink.alertsFor(parkedId).length > 0 ? true : undefined), 30_000);

    // A rejected record: its reason quotes the offending value, which must not reach the parked reason.
    const rejected = personalEnvelope('rejected');
    rejected.data.deal.amount = '10.00';
    rejected.data.company.country = `Neverland ${marker}`;
    const rejectedAccepted = await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, rejected);
    const rejectedId = rejectedAccepted.body.workflowId as string;
    await waitFor('the rejected deal to park', async () =>
      (await stateOf(rejectedId)).status === SyncStatus.parked ? true : undefined,
    );
    const rejectedState = await stateOf(rejectedId);
    expect(rejectedState.parked?.reason).toContain(marker); // operators see the value, decrypted
    const rejectedAttributes = (await stack.temporal.workflow.getHandle(rejectedId).describe())
      .typedSearchAttributes;
    expect(rejectedAttributes.get(parkedClassAttribute)).toBe('RecordRejected');
    // Made safe for SQL visibility too: `:` reads as an em dash there (src/temporal/searchable-text.ts).
    expect(rejectedAttributes.get(parkedReasonAttribute)).toMatch(/company\.country — "…"/);
    expect(rejectedAttributes.get(parkedReasonAttribute)).not.toContain(marker);

    // Search attributes and the static summary are stored in clear: they must carry no personal value.
    const description = await stack.temporal.workflow.getHandle(parkedId).describe();
    const parkedReason = description.typedSearchAttributes.get(parkedReasonAttribute);
    expect(description.typedSearchAttributes.get(parkedClassAttribute)).toBe('ErrorInSuccessBody');
    expect(parkedReason).toMatch(/^billing/);
    expect(parkedReason).not.toContain(marker);
    expect(description.staticSummary ?? '').not.toContain(marker);

    stopped = true;
    await stack.close();
    await server.stop();
    const stored = Buffer.concat(readdirSync(dataDir).map((file) => readFileSync(join(dataDir, file))));
    // The control: the workflow IDs (opaque deal IDs) are in the file, so a search for a value can succeed.
    expect(stored.includes(approved.data.deal.id)).toBe(true);
    expect(stored.includes(parked.data.deal.id)).toBe(true);
    expect(stored.includes(marker)).toBe(false);
    expect(stored.includes(marker.toUpperCase())).toBe(false);
    expect(stored.includes(developmentApprovers[0]!.email)).toBe(false);
    expect(stored.includes('Featherstone')).toBe(false);
  }, 120_000);
});
