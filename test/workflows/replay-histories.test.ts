import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it, inject } from 'vitest';

// Workflow code is a contract with open histories: every history in test/fixtures/histories (recorded from real
// runs of earlier workflow code, e.g. the write-once record sync before updates) must replay against today's code
// without a nondeterminism error. Record a new one whenever a workflow path changes.
//
// write-once-*: recorded from the record sync before lifecycles (hub-10 at 4805366): a record synced and then sent a
// newer version it skipped; a record parked on a dropped write and redriven. lifecycle-*: recorded from the code
// that introduced updates: an approval superseded by a newer version, an update with drift on the target, a lost
// deal archived; and the record's next run taking over the previous one, a duplicate resend, a reopening parked.
// Each was fetched with `handle.fetchHistory()` from a test stack and saved with History.encode (binary protobuf).

const directory = join(import.meta.dirname, '..', 'fixtures', 'histories');
const fixtures = readdirSync(directory).filter((name) => name.endsWith('.history.bin'));

describe('recorded histories replay against the current workflow code', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
  });

  it.each(fixtures)('%s', async (name) => {
    const history = temporal.api.history.v1.History.decode(readFileSync(join(directory, name)));
    expect(history.events.length).toBeGreaterThan(5);
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history);
  });
});
