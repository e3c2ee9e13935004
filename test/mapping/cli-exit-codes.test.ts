import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/loudwire';
import { exitCodes } from '../../src/cli/usage-error';

vi.mock('../../src/cli/read-source-records', () => ({
  // eslint-disable-next-line require-yield -- a reader that crashes before its first record
  readSourceRecords: async function* () {
    throw new Error('disk on fire');
  },
}));

describe('runCli exit codes', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('exits 3, not 1 ("records rejected"), when a command crashes', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await runCli([
      process.execPath,
      'loudwire',
      'dry-run',
      '--integration',
      'client-onboarding',
      'package.json',
    ]);
    expect(code).toBe(exitCodes.unexpected);
    expect(code).toBe(3);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('unexpected failure: Error: disk on fire'));
  });
});
