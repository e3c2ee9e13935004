// `npm run bench [-- --quick]`: boots a benchmark stack on free ports, measures ingest and end-to-end figures
// next to Temporal ceilings measured in the same run, prints markdown tables and writes bench/results/*.json.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readBenchPlan, type BenchPlan } from './bench-plan';
import { measureHistoryCost } from './measure/history-cost';
import { stampMachine } from './measure/machine-stamp';
import { machineUsageKey } from './measure/process-usage';
import { runEndToEndComparison } from './phases/end-to-end-phase';
import { runIngestPhase } from './phases/ingest-phase';
import { runOpenRecordsPhase } from './phases/open-records-phase';
import type { PhaseContext } from './phases/phase-context';
import {
  costPer1000,
  sandboxShare,
  type BenchResults,
  type ProfileComparison,
  type TargetCheck,
} from './report/bench-results';
import { renderTables } from './report/render-tables';
import { recordWorkflowId } from '../src/temporal/record-workflow-id';
import {
  buildWorkflowBundles,
  startBenchStack,
  type BenchStack,
  type WorkflowBundles,
} from './stack/bench-stack';
import type { ServerProfile } from './stack/server-profiles';

const benchRoot = import.meta.dirname;
const startedAt = Date.now();
const print = (line: string) =>
  process.stdout.write(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
/** Our processes: their CPU is the stack's; everything else the machine did is noise. */
const ourProcesses = ['api', 'ingest-api', 'worker', 'noop-worker', 'sandboxes', 'temporal', 'bench'];

async function main(): Promise<void> {
  const plan = readBenchPlan(process.argv);
  const machine = stampMachine();
  print(
    `${plan.mode} run on ${machine.cores} cores, ${machine.memoryGb} GB, load average ${machine.loadAverageAtStart}`,
  );
  print('building workflow bundles (Loudwire and no-op ceiling)…');
  const bundles = await buildWorkflowBundles();
  try {
    const main = await runMainSuite(plan, bundles);
    const serverProfiles: ProfileComparison[] = [];
    for (const profile of plan.compareProfiles)
      serverProfiles.push(await runProfileSuite(plan, bundles, profile));
    const results: BenchResults = {
      machine,
      plan,
      durationSeconds: Math.round((Date.now() - startedAt) / 1000),
      ...main,
      serverProfiles,
      targets: checkTargets(plan, main),
    };
    const tables = renderTables(results);
    process.stdout.write(`\n${tables}`);
    const output = resolve(
      plan.output ?? join(benchRoot, 'results', `${machine.date.replace(/[:.]/g, '-')}-${plan.mode}.json`),
    );
    mkdirSync(resolve(output, '..'), { recursive: true });
    writeFileSync(output, JSON.stringify(results, null, 2));
    print(`results written to ${output}`);
  } finally {
    rmSync(bundles.dir, { recursive: true, force: true });
  }
}

type MainSuite = Omit<BenchResults, 'machine' | 'plan' | 'durationSeconds' | 'serverProfiles' | 'targets'>;

async function bootStack(
  plan: BenchPlan,
  bundles: WorkflowBundles,
  profile: ServerProfile,
): Promise<BenchStack> {
  print(
    plan.temporalAddress
      ? `starting the stack against the Temporal server at ${plan.temporalAddress}…`
      : `starting a dev server (profile ${profile}), sandboxes, two APIs and two workers…`,
  );
  const stack = await startBenchStack({
    serverProfile: profile,
    ...(plan.temporalAddress ? { temporalAddress: plan.temporalAddress } : {}),
    workerTuning: plan.workerTuning,
    bundles,
    ...(plan.profileProcesses ? { cpuProfileDir: join(benchRoot, 'results', 'profiles') } : {}),
    print,
  });
  print(`stack up (Temporal ${stack.temporalAddress})`);
  return stack;
}

function contextFor(stack: BenchStack): PhaseContext {
  let counter = 0;
  const runPrefix = Date.now().toString(36);
  return { stack, print, nextRunTag: () => `b${runPrefix}${(counter++).toString(36)}x` };
}

async function runMainSuite(plan: BenchPlan, bundles: WorkflowBundles): Promise<MainSuite> {
  const stack = await bootStack(plan, bundles, plan.serverProfile);
  try {
    const context = contextFor(stack);
    const ingest = await runIngestPhase(context, plan.ingest);
    const fixedRate = await runEndToEndComparison(
      context,
      `end to end at ${plan.fixedRate.offeredPerSecond}/s`,
      {
        ...plan.fixedRate,
        landingTimeoutMs: 60_000,
      },
    );
    const statsBefore = await stack.sandboxStats();
    const saturation = await runEndToEndComparison(context, 'end to end at saturation', {
      ...plan.saturation,
      landingTimeoutMs: 180_000,
    });
    const statsAfter = await stack.sandboxStats();
    const history = {
      loudwire: saturation.loudwire.sampleRecordKey
        ? await measureHistoryCost(
            stack.temporal,
            recordWorkflowId('client-onboarding', 'crm', saturation.loudwire.sampleRecordKey),
          )
        : undefined,
      ceiling: saturation.ceiling.sampleRecordKey
        ? await measureHistoryCost(
            stack.temporal,
            recordWorkflowId('client-onboarding', 'crm', saturation.ceiling.sampleRecordKey),
          )
        : undefined,
    };
    const { loudwire, ceiling } = saturation;
    const openRecords = await runOpenRecordsPhase(context, {
      targetOpenRecords: plan.openRecords.target,
      offeredPerSecond: plan.openRecords.offeredPerSecond,
      landingTimeoutMs: 600_000,
    });
    const ourCpu = ourProcesses.reduce((sum, name) => sum + (loudwire.usage[name]?.cpuSeconds ?? 0), 0);
    return {
      idleRssMb: stack.idleRssMb,
      serverErrors: stack.serverErrorCount(),
      ingest,
      fixedRate,
      saturation,
      history,
      costPer1000: {
        loudwire: costPer1000(loudwire.usage, loudwire.landed, loudwire.wallSeconds, [
          'api',
          'worker',
          'sandboxes',
          'temporal',
          'bench',
        ]),
        ceiling: costPer1000(ceiling.usage, ceiling.landed, ceiling.wallSeconds, [
          'noop-worker',
          'temporal',
          'bench',
        ]),
      },
      ingestApiCpuSecondsPer1000: Object.fromEntries(
        ingest.map((row) => [
          String(row.offeredPerSecond),
          Math.round(
            ((row.loudwire.usage['ingest-api']?.cpuSeconds ?? 0) / Math.max(1, row.loudwire.accepted)) *
              1000 *
              100,
          ) / 100,
        ]),
      ),
      sandboxShare: sandboxShare(
        statsBefore,
        statsAfter,
        loudwire.landed,
        loudwire.usage,
        loudwire.wallSeconds,
        ourProcesses,
      ),
      openRecords,
      foreignCpuSeconds: Math.round(((loudwire.usage[machineUsageKey]?.cpuSeconds ?? 0) - ourCpu) * 10) / 10,
    };
  } finally {
    print('stopping the stack…');
    await stack.close();
  }
}

async function runProfileSuite(
  plan: BenchPlan,
  bundles: WorkflowBundles,
  profile: ServerProfile,
): Promise<ProfileComparison> {
  const stack = await bootStack(plan, bundles, profile);
  try {
    const context = contextFor(stack);
    const ingest = await runIngestPhase(context, {
      rates: plan.profileSuite.ingestRates,
      secondsPerRate: plan.profileSuite.secondsPerRate,
    });
    const saturation = await runEndToEndComparison(context, `end to end at saturation (${profile})`, {
      offeredPerSecond: plan.saturation.offeredPerSecond,
      records: plan.profileSuite.saturationRecords,
      landingTimeoutMs: 180_000,
    });
    return { profile, ingest, saturation };
  } finally {
    await stack.close();
  }
}

function checkTargets(plan: BenchPlan, suite: MainSuite): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const at200 = suite.ingest.find((row) => row.offeredPerSecond === 200);
  if (at200) {
    checks.push({
      target: 'ingest p99 ≤ 25 ms at 200/s',
      measured: `${at200.loudwire.latency.p99} ms`,
      met: at200.loudwire.latency.p99 <= 25,
    });
  }
  const top = suite.ingest[suite.ingest.length - 1];
  if (top) {
    checks.push({
      target: 'ingest ≥ 90 % of raw signalWithStart throughput',
      measured: `${Math.round(top.throughputRatio * 100)} % at offered ${top.offeredPerSecond}/s (${top.loudwire.achievedPerSecond} vs ${top.ceiling.achievedPerSecond}/s)`,
      met: top.throughputRatio >= 0.9,
    });
  }
  const fixed = suite.fixedRate.loudwire.landingLatency;
  checks.push({
    target: `end to end p50 ≤ 250 ms at ${plan.fixedRate.offeredPerSecond}/s`,
    measured: `${fixed.p50} ms`,
    met: fixed.p50 <= 250,
  });
  checks.push({
    target: `end to end p99 ≤ 1 s at ${plan.fixedRate.offeredPerSecond}/s`,
    measured: `${fixed.p99} ms`,
    met: fixed.p99 <= 1000,
  });
  checks.push({
    target: 'sustained end to end ≥ 75 % of the no-op ceiling',
    measured: `${Math.round(suite.saturation.throughputRatio * 100)} % (${suite.saturation.loudwire.sustainedPerSecond} vs ${suite.saturation.ceiling.sustainedPerSecond}/s)`,
    met: suite.saturation.throughputRatio >= 0.75,
  });
  checks.push({
    target: 'worker RSS ≤ 250 MB with 10,000 open records',
    measured: `${suite.openRecords.workerRssMb} MB with ${suite.openRecords.openRecords} open`,
    met: suite.openRecords.workerRssMb <= 250,
    ...(suite.openRecords.openRecords < 10_000
      ? { note: 'fewer than 10,000 open: not the target condition' }
      : {}),
  });
  return checks;
}

main().catch((error: unknown) => {
  print(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
