import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentVariableNames, loadEnvironment } from '../../src/config/environment';
import { sandboxDevDefaults } from '../../sandbox/kit/dev-defaults';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
const envExample = readFileSync(resolve(root, '.env.example'), 'utf8');

// Variables read outside the environment schema (the dev stack launcher and the sandboxes).
const launcherVariables = [
  'TEMPORAL_CLI_PATH',
  'TEMPORAL_DEV_PORT',
  'TEMPORAL_UI_PORT',
  'LOUDWIRE_DATA_DIR',
  'LOUDWIRE_SKIP_TEMPORAL_CLI',
  'SANDBOX_DATA_DIR',
  'SANDBOX_LOG_LEVEL',
  // npm run start:postgres / test:postgres (scripts/postgres-temporal)
  'TEMPORAL_DB_PASSWORD',
  'LOUDWIRE_POSTGRES_PORT',
  'LOUDWIRE_TEMPORAL_PORT',
  'LOUDWIRE_TEMPORAL_LOG_LEVEL',
  'LOUDWIRE_TOOLS_CACHE',
  'LOUDWIRE_GO_TOOLCHAIN',
  'PG_BIN_DIR',
  // npm run fuzz
  'FUZZ_SEED',
  'FUZZ_REQUESTS',
  'FUZZ_RATE',
  'FUZZ_RSS_BOUND_MB',
  'FUZZ_QUICK',
  'FUZZ_OUTAGE_EVENTS',
];
const everyVariable = [
  ...new Set([...environmentVariableNames, ...Object.keys(sandboxDevDefaults), ...launcherVariables]),
];

function envExampleEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of envExample.split('\n')) {
    const match = /^#?\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) entries.set(match[1]!, match[2]!);
  }
  return entries;
}

describe('documentation of the environment', () => {
  it.each(everyVariable)('%s is in the README and in .env.example', (name) => {
    expect(readme).toContain(`\`${name}\``);
    expect(envExampleEntries().has(name)).toBe(true);
  });

  it('.env.example holds values the services accept', () => {
    const active = Object.fromEntries(
      [...envExampleEntries()].filter(([name]) => envExample.includes(`\n${name}=`)),
    );
    expect(() => loadEnvironment(active)).not.toThrow();
  });
});
