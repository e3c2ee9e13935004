// `npm run start:api-cluster [-- --processes N]`: N API processes behind one port (Node's cluster module; the
// primary accepts connections and hands them out round-robin). One API process uses one core; this is how one
// host gives the webhook path more (README "Scale"). Each process is the ordinary API (src/api/server.ts): same
// environment, same port, same graceful drain on SIGTERM. A process that dies is replaced.
import cluster, { type Worker as ClusterProcess } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../logging/logger';
import { isMainModule } from '../temporal/run-as-main';

const logger = createLogger('api-cluster');

/** A JSON log line gets `apiProcess: N`; any other line (pretty logs) an `[api N]` prefix. */
export function tagLogLine(line: string, processNumber: number): string {
  return line.startsWith('{')
    ? `{"apiProcess":${processNumber},${line.slice(1)}`
    : `[api ${processNumber}] ${line}`;
}

function forwardOutput(child: ClusterProcess, processNumber: number): void {
  for (const [stream, sink] of [
    [child.process.stdout, process.stdout],
    [child.process.stderr, process.stderr],
  ] as const) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) sink.write(`${tagLogLine(line, processNumber)}\n`);
    });
  }
}

function main(): void {
  const { values } = parseArgs({ options: { processes: { type: 'string' } } });
  const count = Number(values.processes ?? availableParallelism());
  if (!Number.isInteger(count) || count < 1) {
    logger.fatal({ processes: values.processes }, '--processes must be a whole number ≥ 1');
    process.exit(1);
  }
  // The same file type as this one: server.ts under tsx, server.js once compiled.
  const server = fileURLToPath(new URL(`./server${extname(import.meta.url)}`, import.meta.url));
  cluster.setupPrimary({ exec: server, silent: true });
  let stopping = false;
  const ready = new Set<number>();

  const fork = (processNumber: number) => {
    const child = cluster.fork();
    forwardOutput(child, processNumber);
    child.on('message', (message: { type?: string }) => {
      if (message?.type !== 'ready') return;
      ready.add(processNumber);
      if (ready.size === count) {
        logger.info({ processes: count, port: process.env.PORT }, 'API processes listening on one port');
        process.send?.({ type: 'ready', processes: count });
      }
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ apiProcess: processNumber, code, signal }, 'API process exited; starting another');
      setTimeout(() => fork(processNumber), 1_000);
    });
  };
  for (let processNumber = 1; processNumber <= count; processNumber += 1) fork(processNumber);

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the API processes (each drains its requests)');
    const children = Object.values(cluster.workers ?? {}).filter((child) => child !== undefined);
    let left = children.length;
    if (left === 0) process.exit(0);
    for (const child of children) {
      child.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(0);
      });
      child.process.kill('SIGTERM');
    }
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (isMainModule(import.meta.url)) main();
