import type { EndToEndComparison } from '../phases/end-to-end-phase';
import type { IngestComparison } from '../phases/ingest-phase';
import type { BenchResults, ProcessCost } from './bench-results';
import { markdownTable } from './markdown-table';
import { renderBeforeAfter } from './render-before-after';
import { renderLandingBreakdown } from './render-landing-breakdown';
import { renderOverload } from './render-overload';

/** Markdown tables, so the printed output can be pasted into docs/benchmarks.md as it is. */
export function renderTables(results: BenchResults): string {
  const { machine, plan } = results;
  const sections = [
    `Loudwire benchmarks — ${plan.mode} run, ${machine.date}\n` +
      `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ` +
      `${machine.temporalCli.split('\n')[0]}; commit ${machine.gitCommit}${machine.gitDirty ? ' (+ uncommitted changes)' : ''}; ` +
      `load average at start ${machine.loadAverageAtStart}; server profile ${plan.temporalAddress ? `running server ${plan.temporalAddress}` : plan.serverProfile}; ` +
      `worker tuning ${JSON.stringify(plan.workerTuning)}; run took ${results.durationSeconds} s.`,
    '### Before / after: cost per record (issue 17; CPU per record from the saturation runs)\n\n' +
      renderBeforeAfter(results),
    '### Ingest: signed webhook → 202 (open loop; latency from due time, ms)\n\n' +
      ingestTable(results.ingest),
    '### End to end: 202 → stored at every target (ms; Loudwire = after)\n\n' +
      endToEndTable([
        [`fixed ${plan.fixedRate.offeredPerSecond}/s`, results.fixedRate],
        [`saturation (offered ${plan.saturation.offeredPerSecond}/s)`, results.saturation],
      ]),
    `### End to end at ${plan.fixedRate.offeredPerSecond}/s: where a record's time goes (issue 17)\n\n` +
      renderLandingBreakdown(results.fixedRate),
    `### Overload: ${results.overload.offeredPerSecond}/s offered to one API process (issue 17)\n\n` +
      renderOverload(results.overload),
    '### Cost per record\n\n' + costTable(results),
    '### Sandboxes (saturation run)\n\n' + sandboxTable(results),
    '### Open records\n\n' + renderOpenRecords(results.openRecords, results.idleRssMb),
  ];
  if (results.serverProfiles.length > 0) sections.push('### Dev-server profiles\n\n' + profileTable(results));
  sections.push('### Targets\n\n' + targetTable(results));
  return sections.join('\n\n') + '\n';
}

const table = markdownTable;

const percent = (ratio: number) => (Number.isFinite(ratio) ? `${Math.round(ratio * 100)} %` : 'n/a');

function ingestTable(rows: IngestComparison[]): string {
  return table(
    [
      'offered/s',
      'Loudwire /s',
      'p50',
      'p95',
      'p99',
      'errors',
      'ceiling /s',
      'p50',
      'p95',
      'p99',
      'errors',
      'throughput ratio',
      'p99 ratio',
    ],
    rows.map((row) => [
      row.offeredPerSecond,
      row.loudwire.achievedPerSecond,
      row.loudwire.latency.p50,
      row.loudwire.latency.p95,
      row.loudwire.latency.p99,
      row.loudwire.errors,
      row.ceiling.achievedPerSecond,
      row.ceiling.latency.p50,
      row.ceiling.latency.p95,
      row.ceiling.latency.p99,
      row.ceiling.errors,
      percent(row.throughputRatio),
      `${row.p99Ratio}×`,
    ]),
  );
}

export function endToEndTable(rows: [string, EndToEndComparison][]): string {
  return table(
    [
      'run',
      'records',
      'landed',
      '202 p99',
      'p50',
      'p95',
      'p99',
      'sustained /s',
      'ceiling p50',
      'ceiling p99',
      'ceiling /s',
      'throughput ratio',
    ],
    rows.map(([label, { loudwire, ceiling, throughputRatio }]) => [
      label,
      loudwire.records,
      loudwire.landed,
      loudwire.acceptLatency.p99,
      loudwire.landingLatency.p50,
      loudwire.landingLatency.p95,
      loudwire.landingLatency.p99,
      loudwire.sustainedPerSecond,
      ceiling.landingLatency.p50,
      ceiling.landingLatency.p99,
      ceiling.sustainedPerSecond,
      percent(throughputRatio),
    ]),
  );
}

function costTable(results: BenchResults): string {
  const { loudwire, ceiling } = results.history;
  const history = table(
    ['per record', 'Loudwire', 'no-op ceiling'],
    [
      ['history events', loudwire?.events ?? 'n/a', ceiling?.events ?? 'n/a'],
      ['history bytes', loudwire?.bytes ?? 'n/a', ceiling?.bytes ?? 'n/a'],
      ['workflow tasks', loudwire?.workflowTasks ?? 'n/a', ceiling?.workflowTasks ?? 'n/a'],
      ['activity tasks', loudwire?.activityTasks ?? 'n/a', ceiling?.activityTasks ?? 'n/a'],
      [
        'local-activity markers',
        loudwire?.localActivityMarkers ?? 'n/a',
        ceiling?.localActivityMarkers ?? 'n/a',
      ],
    ],
  );
  const processes = ['api', 'worker', 'sandboxes', 'temporal', 'bench'];
  const cost = (costs: Record<string, ProcessCost>, name: string) => {
    const entry = costs[name];
    return entry ? `${entry.cpuSecondsPer1000} s · ${entry.peakRssMb} MB · ${entry.coreUtilization}` : '—';
  };
  const noopName = (name: string) => (name === 'worker' ? 'noop-worker' : name);
  const cpu = table(
    [
      'process (saturation run)',
      'Loudwire: CPU s/1000 · peak RSS · cores',
      'ceiling: CPU s/1000 · peak RSS · cores',
    ],
    processes.map((name) => [
      name,
      cost(results.costPer1000.loudwire, name),
      name === 'api' || name === 'sandboxes' ? '—' : cost(results.costPer1000.ceiling, noopName(name)),
    ]),
  );
  const ingestApi = Object.entries(results.ingestApiCpuSecondsPer1000)
    .map(([rate, seconds]) => `${rate}/s: ${seconds} s`)
    .join(', ');
  return (
    `${history}\n\n${cpu}\n\nIngest-only API CPU per 1,000 accepted webhooks: ${ingestApi}.\n` +
    `Other processes on the machine used ${results.foreignCpuSeconds} CPU s during the Loudwire saturation run; ` +
    `the dev server logged ${results.serverErrors} persistence errors during the main run.`
  );
}

function sandboxTable(results: BenchResults): string {
  const share = results.sandboxShare;
  return table(
    ['requests / record', 'by route / record', 'mean service ms', 'cores used', 'share of stack CPU'],
    [
      [
        share.requestsPerRecord,
        Object.entries(share.byRoutePerRecord)
          .map(([route, count]) => `${route} ×${count}`)
          .join('; '),
        share.meanServiceMs,
        share.coreUtilization,
        percent(share.cpuShareOfStack),
      ],
    ],
  );
}

/** Worker memory with many records open (issue 17: ≤ 300 MB with 10,000). */
export function renderOpenRecords(
  open: BenchResults['openRecords'],
  idleRssMb: BenchResults['idleRssMb'],
): string {
  const curve = open.rssCurve.map((point) => `${point.landed}: ${point.workerRssMb}`).join(', ');
  return (
    table(
      [
        'open record workflows',
        'worker RSS MB',
        'API RSS MB',
        'Temporal RSS MB',
        'top-up sustained /s',
        'top-up p50 / p99 ms',
      ],
      [
        [
          open.openRecords,
          open.workerRssMb,
          open.apiRssMb,
          open.temporalRssMb ?? 'n/a',
          // Earlier phases may already have left the records asked for open: then there was no top-up.
          open.topUp.records === 0 ? 'no top-up needed' : open.topUp.sustainedPerSecond,
          open.topUp.records === 0
            ? '—'
            : `${open.topUp.landingLatency.p50} / ${open.topUp.landingLatency.p99}`,
        ],
      ],
    ) +
    `\n\nWorker RSS (MB) as records landed: ${curve}.\n` +
    `Worker after a forced full GC: RSS ${open.workerAfterGc.rssMb} MB, V8 heap used ${open.workerAfterGc.heapUsedMb} MB ` +
    `of ${open.workerAfterGc.heapTotalMb} MB, external ${open.workerAfterGc.externalMb} MB` +
    workflowThreadHeaps(open.workerAfterGc.workflowThreads) +
    ` (Temporal core's native memory is in RSS only).\n` +
    `RSS right after start-up (MB): ${Object.entries(idleRssMb)
      .map(([name, rss]) => `${name} ${rss}`)
      .join(', ')}.`
  );
}

/** The workflow thread's heap (older results files have none). */
function workflowThreadHeaps(threads: { usedMb: number; totalMb: number }[] | undefined): string {
  if (!threads?.length) return "; worker threads' heaps not read";
  return threads
    .map((heap) => `; workflow thread's V8 heap ${heap.usedMb} MB used of ${heap.totalMb} MB`)
    .join('');
}

function profileTable(results: BenchResults): string {
  return table(
    [
      'profile',
      ...results.plan.profileSuite.ingestRates.flatMap((rate) => [
        `ingest ${rate}/s: Loudwire /s · p99`,
        `ceiling /s · p99`,
      ]),
      'e2e Loudwire /s',
      'e2e ceiling /s',
    ],
    results.serverProfiles.map((profile) => [
      profile.profile,
      ...profile.ingest.flatMap((row) => [
        `${row.loudwire.achievedPerSecond} · ${row.loudwire.latency.p99}`,
        `${row.ceiling.achievedPerSecond} · ${row.ceiling.latency.p99}`,
      ]),
      profile.saturation.loudwire.sustainedPerSecond,
      profile.saturation.ceiling.sustainedPerSecond,
    ]),
  );
}

function targetTable(results: BenchResults): string {
  return table(
    ['target', 'measured', 'met', 'note'],
    results.targets.map((check) => [
      check.target,
      check.measured,
      check.met ? 'yes' : 'NO',
      check.note ?? '',
    ]),
  );
}
