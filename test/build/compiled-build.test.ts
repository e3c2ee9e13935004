import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { compiledBuildState, sourceFingerprint } from '../../bin/compiled-build.mjs';
import { waitFor } from '../support/wait-for';

// `npm run build` compiles the worker, API and CLI into dist/ with a prebuilt workflow bundle. The build runs in
// a copy of the project holding what the Dockerfile copies into the image (node_modules linked), so this proves
// the image has all the build needs, and this checkout's dist/ is left alone.

const projectRoot = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(projectRoot, 'Dockerfile'), 'utf8');
/** The sources of the Dockerfile's `COPY a [b …] dest` lines. */
const imageSources = [...dockerfile.matchAll(/^COPY\s+(.+)$/gm)].flatMap(([, args]) =>
  args!.split(/\s+/).slice(0, -1),
);
const copy = mkdtempSync(join(tmpdir(), 'loudwire-build-'));
for (const path of imageSources) {
  cpSync(join(projectRoot, path), join(copy, path), { recursive: true });
}
execFileSync('ln', ['-s', join(projectRoot, 'node_modules'), join(copy, 'node_modules')]);
// The compiled code finds the Temporal CLI under tools/, as the source does.
execFileSync('ln', ['-s', join(projectRoot, 'tools'), join(copy, 'tools')]);

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('npm run build', () => {
  it('writes the compiled entry points, the workflow bundle and the fingerprint of the source', () => {
    expect(compiledBuildState(copy)).toEqual({ fresh: false, reason: 'no compiled build (npm run build)' });
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(copy, 'scripts/build/build-dist.ts')],
      {
        cwd: copy,
        encoding: 'utf8',
      },
    );
    expect(output).toMatch(/dist\/ built in .* worker\.js, api-server\.js, cli\.js, workflow-bundle\.js/);
    expect(compiledBuildState(copy)).toEqual({ fresh: true });
  }, 180_000);

  it('is what the image builds and what its containers run (Dockerfile, docker-compose.yml)', () => {
    expect(imageSources).toEqual(expect.arrayContaining(['src', 'bin', 'scripts/build', 'package.json']));
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    const compose = readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8');
    const commandOf = (service: string) =>
      new RegExp(`\\n {2}${service}:\\n(?:.*\\n)*? {4}command: \\[(.*)\\]`).exec(compose)?.[1];
    const started = [/CMD \[(.*)\]/.exec(dockerfile)?.[1], commandOf('api'), commandOf('worker')].map(
      (command) => command?.replace(/['"]/g, '').split(/,\s*/),
    );
    for (const command of started) {
      expect(command?.[0]).toBe('node');
      expect(command).not.toContain('tsx');
      const script = command?.at(-1) ?? '';
      expect(script).toMatch(/^dist\/.+\.js$/);
      expect(existsSync(join(copy, script)), `${script} is built`).toBe(true);
    }
  });

  it('runs the CLI from dist/ while it matches src/, and from source once src/ changes', async () => {
    const help = await run(process.execPath, [join(copy, 'bin/loudwire.mjs'), '--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: loudwire');

    const file = join(copy, 'src/cli/loudwire.ts');
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(compiledBuildState(copy)).toEqual({
      fresh: false,
      reason: 'src/ changed since the last build (npm run build)',
    });
    // From source through tsx: the same command still works.
    const fromSource = await run(process.execPath, [join(copy, 'bin/loudwire.mjs'), '--help']);
    expect(fromSource.code, fromSource.stderr).toBe(0);
    expect(fromSource.stdout).toContain('Usage: loudwire');
  }, 120_000);

  it('starts the compiled worker with the prebuilt workflow bundle, no tsx and no bundling', async () => {
    const worker = spawn(process.execPath, [join(copy, 'dist/worker.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: `compiled-worker-${Date.now()}`,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    worker.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((ready, fail) => {
        worker.on('message', (message: { type?: string }) => message?.type === 'ready' && ready());
        worker.once('exit', (code) => fail(new Error(`worker exited with ${code}: ${output}`)));
      });
      // The log line may reach the pipe just after the IPC message.
      await waitFor(
        'the "worker started" log line',
        async () => (output.includes('"worker started"') ? true : undefined),
        10_000,
      );
      const started = output
        .split('\n')
        .filter((line) => line.includes('"worker started"'))
        .map((line) => JSON.parse(line) as { workflows?: string });
      expect(started).toEqual([expect.objectContaining({ workflows: 'prebuilt bundle' })]);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((done) => worker.once('exit', done));
    }
  }, 120_000);
});

describe('source fingerprint', () => {
  it('changes when a file under src/ is added, resized or touched, and only then', () => {
    const root = mkdtempSync(join(tmpdir(), 'loudwire-fingerprint-'));
    try {
      mkdirSync(join(root, 'src/a'), { recursive: true });
      writeFileSync(join(root, 'src/a/one.ts'), 'export const one = 1;\n');
      const first = sourceFingerprint(root);
      expect(sourceFingerprint(root)).toBe(first);
      writeFileSync(join(root, 'src/a/two.ts'), 'export const two = 2;\n');
      const second = sourceFingerprint(root);
      expect(second).not.toBe(first);
      const later = new Date(Date.now() + 5_000);
      utimesSync(join(root, 'src/a/one.ts'), later, later);
      expect(sourceFingerprint(root)).not.toBe(second);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

function run(command: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(command, args, { timeout: 90_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
