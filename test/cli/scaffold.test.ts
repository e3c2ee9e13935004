import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoudwireCli } from '../support/run-cli';

// The scaffolds run in a copy of the repository (src, docs config, README, .env.example), so the real registries
// are untouched; the copy must then typecheck, and the generated tests must pass there.
const repoRoot = resolve(import.meta.dirname, '../..');
let copy: string;

function run(command: string, args: string[]) {
  return new Promise<{ code: number; output: string }>((done) => {
    execFile(
      command,
      args,
      {
        cwd: copy,
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          output: stdout + stderr,
        }),
    );
  });
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'loudwire-scaffold-'));
  for (const entry of [
    'src',
    'README.md',
    '.env.example',
    'package.json',
    'tsconfig.json',
    '.prettierrc.json',
    '.prettierignore',
  ]) {
    cpSync(join(repoRoot, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('loudwire new system / new integration', () => {
  it('creates a system and an integration that register, typecheck and pass their generated tests', async () => {
    const system = await runLoudwireCli(['new', 'system', 'acme-desk', '--root', copy]);
    expect(system.code, system.stderr).toBe(0);
    expect(system.stdout).toContain('src/systems/acme-desk/acme-desk-client.ts');
    const integration = await runLoudwireCli([
      'new',
      'integration',
      'acme-sync',
      '--source',
      'acme-desk',
      '--event',
      'record.created',
      '--target',
      'acme-desk/records',
      '--root',
      copy,
    ]);
    expect(integration.code, integration.stderr).toBe(0);

    expect(readFileSync(join(copy, 'src/systems/registry.ts'), 'utf8')).toMatch(/acmeDesk/);
    expect(readFileSync(join(copy, 'src/integrations/registry.ts'), 'utf8')).toMatch(/acmeSync/);
    expect(readFileSync(join(copy, 'README.md'), 'utf8')).toContain('`ACME_DESK_API_KEY`');
    expect(readFileSync(join(copy, '.env.example'), 'utf8')).toContain('ACME_DESK_BASE_URL=');
    expect(readFileSync(join(copy, 'docs/mappings/acme-sync.md'), 'utf8')).toContain(
      'acme-desk/records.name',
    );

    writeFileSync(
      join(copy, 'tsconfig.scaffold.json'),
      JSON.stringify({ extends: './tsconfig.json', include: ['src', 'test/systems', 'test/integrations'] }),
    );
    const typecheck = await run(process.execPath, [
      'node_modules/typescript/bin/tsc',
      '--noEmit',
      '-p',
      'tsconfig.scaffold.json',
    ]);
    expect(typecheck.output).toBe('');
    expect(typecheck.code).toBe(0);

    writeFileSync(
      join(copy, 'vitest.config.ts'),
      "import { defineConfig } from 'vitest/config';\n" +
        "export default defineConfig({ test: { pool: 'forks', include: ['test/**/*.test.ts'] } });\n",
    );
    const tests = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run']);
    expect(tests.output).toMatch(/Tests\s+7 passed/);
    expect(tests.code).toBe(0);
  }, 300_000);

  it('refuses a bad name and an existing folder with a usage error', async () => {
    const bad = await runLoudwireCli(['new', 'system', 'Bad_Name', '--root', copy]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be lower-case kebab-case');
    const again = await runLoudwireCli(['new', 'system', 'acme-desk', '--root', copy]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const target = await runLoudwireCli([
      'new',
      'integration',
      'x',
      '--source',
      'crm',
      '--event',
      'a.b',
      '--target',
      'nope',
      '--root',
      copy,
    ]);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('must be <system>/<resource>');
  });
});
