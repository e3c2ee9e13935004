import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterEach, beforeEach } from 'vitest';
import { temporalCliPath } from '../../src/temporal/temporal-cli-path';
import * as registeredWorkflows from '../../src/workflows/index';

/**
 * Captures the history of every workflow a test ran, as a replay fixture, when `LOUDWIRE_CAPTURE_HISTORIES` names
 * a directory (`npm run histories:capture`; see test/fixtures/histories/README.md). The tests are the paths:
 * each fixture is named after the test that produced it, so the replay suite covers every path a test covers.
 * A no-op in ordinary test runs.
 */
const captureDirectory = process.env.LOUDWIRE_CAPTURE_HISTORIES;

/** Histories larger than this are left out: the fixtures are for determinism, not for payload volume. */
const maxFixtureBytes = 200_000;

interface CapturedQueue {
  temporal: Client;
  /** Of the Temporal server, for the CLI that exports histories in the JSON the replayer reads. */
  address: string;
  taskQueue: string;
}

const queues = new Set<CapturedQueue>();
let testStartedAt = new Date();

/** Called by the test stack for its task queue (a no-op unless capturing). */
export function captureHistoriesOf(queue: CapturedQueue): void {
  if (captureDirectory) queues.add(queue);
}

export function stopCapturing(queue: CapturedQueue): void {
  queues.delete(queue);
}

if (captureDirectory) {
  beforeEach(() => {
    testStartedAt = new Date(Date.now() - 1_000);
  });
  afterEach(async (context) => {
    const testFile = basename(context.task.file?.name ?? 'unknown', '.test.ts');
    const testName = slug(context.task.name);
    for (const { temporal, address, taskQueue } of queues) {
      // Visibility is eventually consistent: give the last starts a moment to be listed.
      await new Promise((done) => setTimeout(done, 1_500));
      const query = `TaskQueue = "${taskQueue}" AND StartTime >= "${testStartedAt.toISOString()}"`;
      let index = 0;
      for await (const execution of temporal.workflow.list({ query })) {
        // A test may start a type the worker does not have (the stuck-workflow test): nothing to replay.
        if (!Object.hasOwn(registeredWorkflows, execution.type)) continue;
        const exported = execFileSync(
          temporalCliPath(),
          [
            ...['workflow', 'show', '--address', address, '--output', 'json'],
            ...['--workflow-id', execution.workflowId, '--run-id', execution.runId],
          ],
          { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        );
        const json = JSON.stringify(JSON.parse(exported));
        if (json.length > maxFixtureBytes) continue;
        index += 1;
        const directory = resolve(captureDirectory, testFile);
        mkdirSync(directory, { recursive: true });
        const name = `${testName}--${slug(execution.type)}-${index}.json`;
        writeFileSync(join(directory, name), json);
      }
    }
  });
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
