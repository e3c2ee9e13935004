import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

// Workflow code is a contract with every open record: today's code must replay the histories that earlier code
// wrote. Each fixture is a real history (parked by a sandbox fault, then redriven) recorded with the code named.

const fixtures = join(import.meta.dirname, '../fixtures/parked-reason-histories');

function loadHistory(file: string): proto.temporal.api.history.v1.History {
  return proto.temporal.api.history.v1.History.fromObject(
    JSON.parse(readFileSync(join(fixtures, file), 'utf8')),
  );
}

describe('record sync workflow replays its recorded histories', () => {
  it.each([
    // Before parked reasons became visibility-safe: one LoudwireParkedReason "Class: message" upsert, no patch.
    ['record-sync-parked-redriven-before-searchable-reason.json', false],
    // Histories since the patch are among the captured ones (test/replay): every patch is now decided at the
    // start of a run, so the branch recording of this path (its marker mid-run) was retired.
  ])('%s', async (file, hasPatchMarker) => {
    const history = loadHistory(file);
    const markers = history.events!.filter(
      (event) => event.markerRecordedEventAttributes?.markerName === 'core_patch',
    );
    expect(markers.length > 0).toBe(hasPatchMarker);
    // Throws DeterminismViolationError if today's code issues other commands than the history holds.
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') } },
      history,
      'client-onboarding:crm:replayed',
    );
  });
});
