import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { loadEnvironment } from '../../src/config/environment';
import { loudwireDataConverter } from '../../src/encryption/loudwire-data-converter';
import { historyFromExportedJson } from '../support/history-json';

// Every captured history (test/fixtures/histories, refreshed by `npm run histories:capture`) replayed against
// the workflow code of this commit with the SDK's replayer. A change that would break determinism for a record
// already open in production — one more command, a reordered one, a removed patch — fails here, before it ships.
// Histories captured on earlier commits stay, so the code keeps replaying what those commits left open.

Runtime.install({ logger: new DefaultLogger('WARN') });

const fixturesRoot = resolve(import.meta.dirname, '../fixtures/histories');

function fixtureFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return fixtureFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

const files = fixtureFiles(fixturesRoot);

describe('replay of captured histories', () => {
  it('has fixtures for every workflow type', () => {
    const types = new Set(
      files.map((file) => {
        const history = JSON.parse(readFileSync(file, 'utf8')) as {
          events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[];
        };
        return history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
      }),
    );
    expect([...types].sort()).toEqual(
      expect.arrayContaining([
        'batchSyncWorkflow',
        'credentialHealthWorkflow',
        'recordSyncWorkflow',
        'stuckWorkflowCheckWorkflow',
        'unhandledEventAlertsWorkflow',
        'unhandledEventWorkflow',
      ]),
    );
  });

  it('replays every one of them deterministically on this code', async () => {
    const histories = files.map((file) => ({
      workflowId: relative(fixturesRoot, file),
      history: historyFromExportedJson(JSON.parse(readFileSync(file, 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        replayName: 'loudwire-fixtures',
        // Histories captured since payload encryption hold ciphertext: decoded with the development keys the
        // test stacks encrypt with (older, plaintext histories pass through the codec unchanged).
        dataConverter: loudwireDataConverter(loadEnvironment({ NODE_ENV: 'test' }).PAYLOAD_ENCRYPTION_KEYS),
      },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message.split('\n')[0]}`);
    }
    expect(failures.join('\n')).toBe('');
    expect(histories.length).toBeGreaterThan(0);
  }, 120_000);

  it('can fail: a history whose commands differ from the code is a determinism violation', async () => {
    // What one more, one fewer or one renamed activity call in a workflow does to every open record: the code
    // schedules `deliverToTarget` where the recorded history says another activity was scheduled.
    const recordHistory = files.find((file) =>
      readFileSync(file, 'utf8').includes('"activityType":{"name":"deliverToTarget"}'),
    );
    expect(recordHistory).toBeDefined();
    const json = JSON.parse(readFileSync(recordHistory!, 'utf8')) as {
      events: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[];
    };
    const scheduled = json.events.find(
      (event) => event.activityTaskScheduledEventAttributes?.activityType.name === 'deliverToTarget',
    );
    scheduled!.activityTaskScheduledEventAttributes!.activityType.name = 'someOtherActivity';
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, replayName: 'loudwire-canary' },
      [{ workflowId: 'canary', history: historyFromExportedJson(json) }],
    )) {
      results.push(result);
    }
    expect(results).toHaveLength(1);
    expect(results[0]!.error?.name).toBe('DeterminismViolationError');
  });
});
