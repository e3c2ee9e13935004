import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypeName, parseHistoryJson, replayHistory } from '../../src/temporal/replay-history';
import { SyncStatus, recordSyncStateQuery } from '../../src/workflows/record-sync-messages';
import { startLoudwireTestStack, type LoudwireTestStack } from '../support/loudwire-test-stack';
import { freePort } from '../support/free-port';
import { runLoudwireCli } from '../support/run-cli';
import { dealWonEnvelope, postSignedWebhook } from '../support/signed-webhook';
import { waitFor } from '../support/wait-for';

// A real record's history, captured from the dev server after it synced, replayed against the local workflow code
// (clean) and against a deliberately changed copy of it (an extra activity call first: it must diverge, and say
// where). The Web UI's own download format is exercised by the `npm run dev` end-to-end test, which has a UI.

const cli = resolve(import.meta.dirname, '../../bin/loudwire.mjs');
const pauseAtWorkflowCode = resolve(import.meta.dirname, '../support/pause-at-workflow-code.mjs');
const divergingWorkflows = resolve(import.meta.dirname, '../fixtures/diverging-workflows/index.ts');
let stack: LoudwireTestStack;
let directory: string;
let historyFile: string;
let workflowId: string;
let historyJson: string;

beforeAll(async () => {
  stack = await startLoudwireTestStack();
  await stack.startWorker();
  workflowId = (await postSignedWebhook(`${stack.apiUrl}/webhooks/crm`, dealWonEnvelope())).body
    .workflowId as string;
  await waitFor('the record to sync', async () => {
    const state = await stack.temporal.workflow.getHandle(workflowId).query(recordSyncStateQuery);
    return state.status === SyncStatus.synced ? true : undefined;
  });
  // Proto3 JSON, {"events": [...]}, oldest first: the shape of the Web UI's "Download" (Encoded).
  historyJson = historyToJSON(await stack.temporal.workflow.getHandle(workflowId).fetchHistory());
  directory = mkdtempSync(join(tmpdir(), 'loudwire-replay-'));
  historyFile = join(directory, 'events.json');
  writeFileSync(historyFile, historyJson);
}, 60_000);

afterAll(async () => {
  await stack?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('loudwire replay', () => {
  it('replays a captured history cleanly, from a file and by workflow id', async () => {
    const fromFile = await runLoudwireCli(['replay', historyFile]);
    expect(fromFile.stderr).toContain('Replaying');
    expect(fromFile.stdout).toMatch(
      new RegExp(`^${workflowId} \\(recordSyncWorkflow, \\d+ events\\): replays cleanly\\n$`),
    );
    expect(fromFile.code).toBe(0);

    const byId = await runLoudwireCli(['replay', '--workflow-id', workflowId], {
      TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS,
    });
    expect(byId.stdout).toContain(`${workflowId} (recordSyncWorkflow`);
    expect(byId.stdout).toContain('replays cleanly');
    expect(byId.code).toBe(0);
  }, 60_000);

  it('names the event and the command where a changed workflow diverges', async () => {
    const history = parseHistoryJson(historyJson, 'captured history');
    const outcome = await replayHistory({ history, workflowsPath: divergingWorkflows });
    // The changed code schedules an activity first, where the history recorded the first local activity's marker.
    const firstMarker = history.events!.find((event) => eventTypeName(event.eventType) === 'MarkerRecorded')!;
    expect(outcome.divergence).toEqual({
      message: expect.stringContaining('Nondeterminism'),
      eventId: Number(firstMarker.eventId),
      eventType: 'MarkerRecorded',
      // The first marker: a patch decision (taken at the start of a run) or a local activity's result.
      eventDetail: expect.stringMatching(/^(a local activity result|marker core_patch)$/),
      codeCommands: ['ScheduleActivityTask auditRecordStart'],
    });

    const cli = await runLoudwireCli(['replay', historyFile, '--workflows', divergingWorkflows]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`DIVERGES at event ${String(firstMarker.eventId)}`);
    expect(cli.stdout).toMatch(/history: MarkerRecorded \((a local activity result|marker core_patch)\)/);
    expect(cli.stdout).toContain('code:    ScheduleActivityTask auditRecordStart');
    expect(cli.stdout).toContain('patched()');
  }, 90_000);

  it('with --debug, runs under the inspector and a breakpoint in workflow code stops there', async () => {
    const port = await freePort();
    const replay = spawn(
      process.execPath,
      [cli, 'replay', historyFile, '--debug', '--inspect-port', String(port)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let replayOutput = '';
    replay.stdout.on('data', (chunk: Buffer) => (replayOutput += chunk.toString()));
    replay.stderr.on('data', (chunk: Buffer) => (replayOutput += chunk.toString()));
    const replayExited = new Promise<number | null>((done) => replay.once('exit', done));
    // What an engineer does in chrome://inspect: attach, break in the record workflow, continue.
    const debuggerClient = spawn(
      process.execPath,
      [
        '--experimental-websocket',
        '--no-warnings',
        pauseAtWorkflowCode,
        String(port),
        'async function recordSyncWorkflow(',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stopped = '';
    let clientErrors = '';
    debuggerClient.stdout.on('data', (chunk: Buffer) => (stopped += chunk.toString()));
    debuggerClient.stderr.on('data', (chunk: Buffer) => (clientErrors += chunk.toString()));
    await new Promise((done) => debuggerClient.once('exit', done));

    const [firstStop] = stopped.trim().split('\n');
    expect(firstStop, `debugger client said: ${stopped}${clientErrors}`).toBeDefined();
    expect(JSON.parse(firstStop!)).toMatchObject({ functionName: 'recordSyncWorkflow' });
    expect(await replayExited).toBe(0);
    expect(replayOutput).toContain(`Paused under the inspector on 127.0.0.1:${port}`);
    expect(replayOutput).toContain('replays cleanly');
  }, 120_000);

  it('refuses what it cannot replay, saying why', async () => {
    const decoded = JSON.parse(historyJson) as {
      events: Record<string, { input?: { payloads: unknown[] } }>[];
    };
    decoded.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads = [
      { metadata: { encoding: 'json/plain' }, data: { integration: 'client-onboarding' } },
    ];
    const decodedFile = join(directory, 'decoded.json');
    writeFileSync(decodedFile, JSON.stringify(decoded));
    const cases: [string[], string][] = [
      [['replay', decodedFile], 'downloaded "Decoded" or "Readable"'],
      [['replay', join(directory, 'missing.json')], 'cannot read'],
      [['replay'], 'give either a history FILE or --workflow-id ID'],
      [
        ['replay', historyFile, '--workflow-id', workflowId],
        'give either a history FILE or --workflow-id ID',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runLoudwireCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
    writeFileSync(join(directory, 'tail.json'), JSON.stringify({ events: decoded.events.slice(3) }));
    const tail = await runLoudwireCli(['replay', join(directory, 'tail.json')]);
    expect(tail.code).toBe(2);
    expect(tail.stderr).toContain('does not start with the WorkflowExecutionStarted event');
  }, 60_000);
});
