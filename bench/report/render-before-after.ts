import type { HistoryCost } from '../measure/history-cost';
import type { BenchResults, MainSuite, ProcessCost, TemporalServerKind } from './bench-results';
import { markdownTable } from './markdown-table';

const serverNames: Record<TemporalServerKind, string> = {
  dev: 'dev server (SQLite)',
  postgres: 'PostgreSQL-backed server',
};

/**
 * Issue 17's table: the record workflow before (its commit, worker from source) and after (this build, compiled
 * worker), measured in the same run on the same stack, beside the no-op ceiling of today's 19-event shape.
 */
export function renderBeforeAfter(results: BenchResults): string {
  const suites = [{ server: results.server, suite: results as MainSuite }].concat(
    results.otherServers.map((other) => ({ server: other.server, suite: other as MainSuite })),
  );
  const sections = suites.map(
    ({ server, suite }) =>
      `#### ${serverNames[server]}\n\n` + beforeAfterTable(suite, results.plan.beforeCommit, server),
  );
  if (suites.length > 1) sections.push('#### Side by side\n\n' + serversTable(suites));
  return sections.join('\n\n');
}

function beforeAfterTable(suite: MainSuite, beforeCommit: string, server: TemporalServerKind): string {
  const { fixedRate, saturation, history, costPer1000, workerStartup } = suite;
  const ratio = (after: number, before: number) =>
    Number.isFinite(after / before) && before > 0 ? `${(after / before).toFixed(2)}×` : 'n/a';
  const historyRow = (label: string, pick: (cost: HistoryCost) => number) => {
    const figure = (cost: HistoryCost | undefined) => (cost ? pick(cost) : Number.NaN);
    const [after, before] = [figure(history.loudwire), figure(history.before)];
    return [label, value(before), value(after), ratio(after, before), value(figure(history.ceiling))];
  };
  const cpuMs = (costs: Record<string, ProcessCost>, name: string) =>
    costs[name]?.cpuSecondsPer1000 ?? Number.NaN;
  const serverCpu = (costs: Record<string, ProcessCost>) =>
    server === 'dev' ? cpuMs(costs, 'temporal') : Number.NaN;
  const upserts = (cost: HistoryCost) => cost.byType.UPSERT_WORKFLOW_SEARCH_ATTRIBUTES ?? 0;
  return markdownTable(
    [
      'per record',
      `before (${beforeCommit}, worker from source)`,
      'after (compiled worker)',
      'after / before',
      'no-op ceiling',
    ],
    [
      [
        'sustained end to end at saturation (records/s)',
        saturation.before.sustainedPerSecond,
        saturation.loudwire.sustainedPerSecond,
        ratio(saturation.loudwire.sustainedPerSecond, saturation.before.sustainedPerSecond),
        saturation.ceiling.sustainedPerSecond,
      ],
      [
        `end to end at ${fixedRate.loudwire.offeredPerSecond}/s: p50 / p99 (ms)`,
        `${fixedRate.before.landingLatency.p50} / ${fixedRate.before.landingLatency.p99}`,
        `${fixedRate.loudwire.landingLatency.p50} / ${fixedRate.loudwire.landingLatency.p99}`,
        ratio(fixedRate.loudwire.landingLatency.p50, fixedRate.before.landingLatency.p50),
        `${fixedRate.ceiling.landingLatency.p50} / ${fixedRate.ceiling.landingLatency.p99}`,
      ],
      historyRow('history events', (cost) => cost.events),
      historyRow('workflow tasks', (cost) => cost.workflowTasks),
      historyRow('activity tasks', (cost) => cost.activityTasks),
      historyRow('search-attribute upserts', upserts),
      historyRow('history bytes', (cost) => cost.bytes),
      [
        'Temporal server CPU ms',
        value(serverCpu(costPer1000.before)),
        value(serverCpu(costPer1000.loudwire)),
        ratio(serverCpu(costPer1000.loudwire), serverCpu(costPer1000.before)),
        value(serverCpu(costPer1000.ceiling)),
      ],
      [
        'worker CPU ms',
        value(cpuMs(costPer1000.before, 'worker-before')),
        value(cpuMs(costPer1000.loudwire, 'worker')),
        ratio(cpuMs(costPer1000.loudwire, 'worker'), cpuMs(costPer1000.before, 'worker-before')),
        value(cpuMs(costPer1000.ceiling, 'noop-worker')),
      ],
      [
        'worker peak RSS in the saturation run (MB)',
        value(costPer1000.before['worker-before']?.peakRssMb ?? Number.NaN),
        value(costPer1000.loudwire.worker?.peakRssMb ?? Number.NaN),
        '',
        value(costPer1000.ceiling['noop-worker']?.peakRssMb ?? Number.NaN),
      ],
      [
        `worker ready after start: p50 / max of ${workerStartup.starts} (ms)`,
        `${workerStartup.source.p50} / ${workerStartup.source.max} (source, bundles at start)`,
        `${workerStartup.compiled.p50} / ${workerStartup.compiled.max}`,
        ratio(workerStartup.compiled.p50, workerStartup.source.p50),
        '',
      ],
      [
        'worker start-up CPU until ready, median (s)',
        value(workerStartup.cpuSeconds.source),
        value(workerStartup.cpuSeconds.compiled),
        ratio(workerStartup.cpuSeconds.compiled, workerStartup.cpuSeconds.source),
        '',
      ],
    ],
  );
}

function serversTable(suites: { server: TemporalServerKind; suite: MainSuite }[]): string {
  return markdownTable(
    [
      'server',
      'sustained /s before → after',
      'ceiling /s',
      `p50 / p99 at 20/s after (ms)`,
      'ingest top rate: achieved /s · p99 ms',
      'worker ready p50 (ms)',
    ],
    suites.map(({ server, suite }) => {
      const top = suite.ingest[suite.ingest.length - 1];
      return [
        serverNames[server],
        `${suite.saturation.before.sustainedPerSecond} → ${suite.saturation.loudwire.sustainedPerSecond}`,
        suite.saturation.ceiling.sustainedPerSecond,
        `${suite.fixedRate.loudwire.landingLatency.p50} / ${suite.fixedRate.loudwire.landingLatency.p99}`,
        top ? `${top.loudwire.achievedPerSecond} · ${top.loudwire.latency.p99}` : 'n/a',
        suite.workerStartup.compiled.p50,
      ];
    }),
  );
}

function value(figure: number): string | number {
  return Number.isFinite(figure) ? figure : 'n/a';
}
