// `npm run bench:anomaly`: the per-record cost of the predictive checks (README "Predictive checks") on the very
// functions the worker runs, at a full 1,000-record window: reading a record's features, building its slice of the
// baseline (what the baseline workflow's query answers), scoring it (the local activity), and learning it (the
// baseline workflow's signal handler); plus the bytes each record adds to its history. The query and
// signal-with-start round trips through Temporal are measured by test/anomaly/anomaly-hold.test.ts.
import { emptyBaseline } from '../src/anomaly/baseline-state';
import { baselineViewFor } from '../src/anomaly/baseline-view';
import { learnRecord } from '../src/anomaly/learn-record';
import { recordFeatures } from '../src/anomaly/record-features';
import { scoreRecord } from '../src/anomaly/score-record';
import { loadEnvironment } from '../src/config/environment';
import { clientOnboarding } from '../src/integrations/client-onboarding';
import { dealGenerator } from '../test/anomaly/deal-generator';

const recordsFlag = process.argv.indexOf('--records');
const records = recordsFlag > 0 ? Number(process.argv[recordsFlag + 1]) : 3_000;
const declaration = clientOnboarding.anomalyChecks!(loadEnvironment({}))!;
const next = dealGenerator(18);
const canonicals = Array.from({ length: records }, () => {
  const payload = next();
  const outcome = clientOnboarding.map(payload);
  if (outcome.status !== 'ok') throw new Error(`generated deal ${String(payload.deal.id)} was rejected`);
  return { key: String(payload.deal.id), canonical: outcome.canonical };
});

const state = emptyBaseline();
const scoreTimes: number[] = [];
const learnTimes: number[] = [];
const recordedBytes: number[] = [];
for (const [index, { key, canonical }] of canonicals.entries()) {
  const started = performance.now();
  const features = recordFeatures(declaration, key, canonical);
  const view = baselineViewFor(state, features, declaration);
  const assessment = scoreRecord(features, view, declaration);
  const scored = performance.now();
  learnRecord(state, features, declaration);
  const learned = performance.now();
  // Measured once the window is full: the steady state of a busy integration.
  if (index >= declaration.windowRecords) {
    scoreTimes.push(scored - started);
    learnTimes.push(learned - scored);
    recordedBytes.push(JSON.stringify({ view, assessment }).length);
  }
}

function summary(values: number[], unit: string, digits = 3): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
  return `median ${at(0.5).toFixed(digits)} ${unit}, p95 ${at(0.95).toFixed(digits)} ${unit}, max ${at(1).toFixed(digits)} ${unit}`;
}

const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
console.log(
  `Predictive checks, per record, at a full window of ${declaration.windowRecords} records (${scoreTimes.length} records measured; load average ${load})`,
);
console.log(`  snapshot slice + score (query handler + local activity CPU): ${summary(scoreTimes, 'ms')}`);
console.log(`  learn (baseline workflow signal handler, drift check every 25): ${summary(learnTimes, 'ms')}`);
console.log(
  `  recorded in the record's history (snapshot slice + score, before encryption): ${summary(recordedBytes, 'bytes', 0)}`,
);
console.log(
  `  baseline state carried across continue-as-new: ${JSON.stringify(state).length.toLocaleString('en')} bytes`,
);
