import { Command, Option } from 'commander';
import { parseWorkerTuning, type WorkerTuning } from './stack/worker-tuning';
import { ServerProfile, serverProfiles } from './stack/server-profiles';

/** Which Temporal servers a run measures: the embedded dev server, the PostgreSQL-backed one, or both in turn. */
export type BenchServers = 'dev' | 'postgres' | 'both';

/** The commit whose record workflow is the "before" column (the last commit before issue 17's changes). */
export const defaultBeforeCommit = '7b9f486';

/** A phase run on its own (`--only`): the stack boots, that phase runs, its table prints. */
export type SinglePhase = 'rss' | 'overload' | 'latency';

/** Everything one benchmark run does, derived from the command line. */
export interface BenchPlan {
  mode: 'quick' | 'full';
  servers: BenchServers;
  /** Only this phase (on the first server), instead of the whole suite. */
  only?: SinglePhase;
  /** The record workflow of this commit runs beside the current one, in a worker started from source. */
  beforeCommit: string;
  /** How many times each worker entry point (source, compiled) is started and timed. */
  workerStarts: number;
  serverProfile: ServerProfile;
  /** A running Temporal server to use instead of booting a dev server (no server CPU/RSS then). */
  temporalAddress?: string;
  workerTuning: WorkerTuning;
  /** Node and V8 flags for the compiled worker alone (its NODE_OPTIONS), e.g. heap sizes under test. */
  workerNodeOptions?: string;
  ingest: { rates: number[]; secondsPerRate: number };
  fixedRate: { offeredPerSecond: number; records: number };
  saturation: { offeredPerSecond: number; records: number };
  openRecords: { target: number; offeredPerSecond: number };
  /** Issue 17 point 2: open-loop load past capacity on one API; shed events retried up to `maxAttempts`. */
  overload: { offeredPerSecond: number; seconds: number; maxAttempts: number };
  /** Dev-server profiles to compare on fresh servers with a reduced suite; empty to skip. */
  compareProfiles: ServerProfile[];
  profileSuite: { ingestRates: number[]; secondsPerRate: number; saturationRecords: number };
  /** Write V8 CPU profiles of the API and worker processes (bench/results/profiles/). */
  profileProcesses: boolean;
  output?: string;
}

export function readBenchPlan(argv: string[]): BenchPlan {
  const program = new Command('bench')
    .description(
      'Loudwire benchmarks: ingest and end-to-end figures next to Temporal ceilings measured in the same run',
    )
    .option('--quick', 'a short run (under 2 minutes): fewer records, no dev-server profile comparison')
    .option(
      '--use-running',
      'use the Temporal server at TEMPORAL_ADDRESS (or --temporal-address) instead of booting a dev server',
    )
    .option('--temporal-address <host:port>', 'a running Temporal server (implies --use-running)')
    .addOption(
      new Option(
        '--server <server>',
        'dev: the embedded dev server; postgres: a fresh PostgreSQL-backed Temporal (npm run start:postgres); both: one after the other, tables side by side (default for a full run; --quick and --only default to dev)',
      ).choices(['dev', 'postgres', 'both']),
    )
    .option(
      '--before <commit>',
      `record workflow of this commit for the "before" column (default ${defaultBeforeCommit})`,
    )
    .addOption(
      new Option('--server-profile <profile>', 'dev-server SQLite settings for the main run')
        .choices(serverProfiles)
        .default(ServerProfile.wal),
    )
    .option(
      '--compare-server-profiles',
      'also run a reduced suite on a fresh dev server per profile (default, wal, wal-normal): about 2 min each',
    )
    .option(
      '--worker-tuning <list>',
      'worker options, e.g. maxCachedWorkflows=500,maxConcurrentActivityTaskExecutions=100',
    )
    .option(
      '--worker-node-options <flags>',
      'NODE_OPTIONS of the compiled worker alone, e.g. "--max-semi-space-size=2" (memory experiments)',
    )
    .option('--open-records <count>', 'records open when the worker RSS is read (default 10000; quick 600)')
    .addOption(
      new Option(
        '--only <phase>',
        'run one phase alone: rss (worker RSS with --open-records records open), overload (400/s to one API) or ' +
          'latency (end to end at 20/s, before / after / no-op, 300 records each, with where the time goes)',
      ).choices(['rss', 'overload', 'latency']),
    )
    .option('--profile', 'write V8 CPU profiles of the APIs and workers to bench/results/profiles/')
    .option('--output <file>', 'results JSON (default bench/results/<date>-<mode>.json)')
    .parse(argv);
  const options = program.opts<{
    quick?: boolean;
    server?: BenchServers;
    before?: string;
    useRunning?: boolean;
    temporalAddress?: string;
    serverProfile: ServerProfile;
    compareServerProfiles?: boolean;
    workerTuning?: string;
    workerNodeOptions?: string;
    openRecords?: string;
    only?: SinglePhase;
    output?: string;
    profile?: boolean;
  }>();
  const quick = options.quick === true;
  const temporalAddress =
    options.temporalAddress ??
    (options.useRunning ? (process.env.TEMPORAL_ADDRESS ?? 'localhost:7233') : undefined);
  const compare = options.compareServerProfiles === true;
  const openRecords = options.openRecords ? Number(options.openRecords) : quick ? 600 : 10_000;
  if (!Number.isInteger(openRecords) || openRecords <= 0)
    throw new Error('--open-records must be a positive integer');
  return {
    mode: quick ? 'quick' : 'full',
    // The full run is issue 17's acceptance run: before/after, overload and the two-server table in one go.
    servers: temporalAddress ? 'dev' : (options.server ?? (quick || options.only ? 'dev' : 'both')),
    ...(options.only ? { only: options.only } : {}),
    beforeCommit: options.before ?? defaultBeforeCommit,
    workerStarts: quick ? 3 : 5,
    serverProfile: options.serverProfile,
    ...(temporalAddress ? { temporalAddress } : {}),
    workerTuning: parseWorkerTuning(options.workerTuning),
    ...(options.workerNodeOptions ? { workerNodeOptions: options.workerNodeOptions } : {}),
    ingest: { rates: quick ? [50, 100, 200] : [50, 100, 200, 400], secondsPerRate: quick ? 2 : 5 },
    fixedRate: { offeredPerSecond: 20, records: quick ? 60 : 600 },
    saturation: { offeredPerSecond: 200, records: quick ? 200 : 1_000 },
    openRecords: { target: openRecords, offeredPerSecond: 100 },
    overload: { offeredPerSecond: 400, seconds: quick ? 3 : 10, maxAttempts: 8 },
    // Profiles need fresh servers of our own: none when the server is someone else's.
    compareProfiles: compare && !temporalAddress ? [...serverProfiles] : [],
    profileSuite: { ingestRates: [100, 400], secondsPerRate: 3, saturationRecords: 500 },
    profileProcesses: options.profile === true,
    ...(options.output ? { output: options.output } : {}),
  };
}
