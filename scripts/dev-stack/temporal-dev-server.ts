import { dynamicConfigCliArgs } from '../../src/temporal/server-dynamic-config';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeCliArgs } from '../../src/temporal/search-attributes';
import { temporalCliPath } from '../../src/temporal/temporal-cli-path';

export interface TemporalDevServerOptions {
  /** SQLite file; its folder is created. State survives restarts. */
  dbFile: string;
  host: string;
  port: number;
  uiPort: number;
  /** Extra `--sqlite-pragma`-style flags, e.g. for benchmarks. */
  extraArgs?: string[];
  onOutput?: (line: string) => void;
}

export interface RunningTemporalDevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** True when something accepts TCP connections on host:port. */
export function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `temporal server start-dev` with a SQLite file and Loudwire's search attributes, and waits until its
 * frontend answers. The pinned CLI comes from tools/ (see scripts/provision-temporal-cli.mjs).
 */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
): Promise<RunningTemporalDevServer> {
  if (await isPortOpen(options.host, options.port)) {
    throw new Error(
      `Port ${options.port} is already in use. To use the Temporal server there, set TEMPORAL_ADDRESS=` +
        `${options.host}:${options.port}; to start another, set TEMPORAL_DEV_PORT.`,
    );
  }
  mkdirSync(dirname(options.dbFile), { recursive: true });
  const child = spawn(
    temporalCliPath(),
    [
      'server',
      'start-dev',
      '--db-filename',
      options.dbFile,
      '--ip',
      options.host,
      '--port',
      String(options.port),
      '--ui-port',
      String(options.uiPort),
      '--ui-disable-news-fetch',
      '--log-level',
      'warn',
      ...searchAttributeCliArgs(),
      ...dynamicConfigCliArgs(),
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) options.onOutput?.(line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `${options.host}:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const early = await Promise.race([exited, delay(250).then(() => 'running' as const)]);
    if (early !== 'running')
      throw new Error(`temporal server start-dev exited with code ${early} before it was ready`);
    if (await frontendAnswers(address)) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`Temporal dev server at ${address} not ready after 60 s`);
    }
  }
  return {
    address,
    uiUrl: `http://${options.host}:${options.uiPort}`,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function frontendAnswers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1_000 });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
