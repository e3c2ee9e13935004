import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { portIsFree } from '../dev-stack/port-is-free';
import { isPortOpen } from '../dev-stack/temporal-dev-server';

export interface TemporalUiOptions {
  binary: string;
  temporalAddress: string;
  namespace: string;
  host: string;
  port: number;
  /** Where its config file is written (the UI server reads `<dir>/config/loudwire.yaml`). */
  workDir: string;
  print: (line: string) => void;
}

export interface RunningTemporalUi {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs the Temporal Web UI server — the program inside the temporalio/ui image, in the version cluster.env names —
 * and waits until it serves.
 */
export async function startTemporalUi(options: TemporalUiOptions): Promise<RunningTemporalUi> {
  if (!(await portIsFree(options.host, options.port))) {
    throw new Error(
      `Port ${options.port} (Temporal Web UI) is in use: set TEMPORAL_UI_PORT to another port.`,
    );
  }
  const configDir = join(options.workDir, 'config');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, 'loudwire.yaml'),
    [
      `temporalGrpcAddress: ${options.temporalAddress}`,
      `host: ${options.host}`,
      `port: ${options.port}`,
      'enableUi: true',
      `defaultNamespace: ${options.namespace}`,
      'disableNewsFetch: true',
      '',
    ].join('\n'),
  );
  const child = spawn(options.binary, ['--root', options.workDir, '--env', 'loudwire', 'start'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => output.push(chunk));
  }
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const url = `http://${options.host}:${options.port}`;
  const deadline = Date.now() + 30_000;
  while (!(await isPortOpen(options.host, options.port))) {
    const early = await Promise.race([exited, delay(200).then(() => 'running' as const)]);
    if (early !== 'running') {
      throw new Error(`Temporal Web UI exited with code ${early} before it was ready:\n${output.join('')}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`Temporal Web UI not serving on ${url} after 30 s:\n${output.join('')}`);
    }
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
