// `npm run chaos`: N won deals (default 3,000), about 30 % of them redelivered (some at the same moment, some
// minutes later), through a stack whose worker is SIGKILLed every 20 s, with a second worker for part of the run,
// the API and the Temporal dev server each SIGKILLed and restarted once, and 500s, 429s and slow writes at every
// target. Then every deal is checked field by field at every target. Exit code 0 only when nothing was lost,
// duplicated, mis-written or left parked (issue 11, item 10).
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { SeededRandom } from '../fuzz/seeded-random';
import { chaosDeals, type ChaosDeal } from './chaos-deals';
import { startChaosStack, type ChaosStack } from './chaos-stack';
import { renderChaosTable, type ChaosResult } from './chaos-report';
import { ProcessKiller, type KillPlan } from './process-killer';
import { listRecordStatuses } from './record-statuses';
import { auditTargets, countLanded, readTargets } from './target-audit';
import { armTargetFaults, clearTargetFaults, countInjectedFaults } from './target-faults';
import { WebhookSender } from './webhook-sender';

const print = (line: string) => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    deals: { type: 'string' },
    rate: { type: 'string' },
    seed: { type: 'string', default: '11' },
    redelivered: { type: 'string', default: '0.3' },
    'worker-kill-every': { type: 'string', default: '20' },
    'settle-timeout': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  print(`npm run chaos [-- options]
  --deals N              won deals to send (default 3000; --quick: 300)
  --rate R               first deliveries per second (default 15; --quick: 6)
  --redelivered F        share of deals delivered twice (default 0.3)
  --worker-kill-every S  seconds between worker SIGKILLs (default 20; --quick kills it once)
  --settle-timeout S     how long to wait for every record to settle after the last delivery
  --seed N               deal contents and redelivery choices (default 11)
  --quick                the CI run: 300 deals, one kill of each component`);
  process.exit(0);
}

const quick = args.quick;
const settings = {
  deals: positive('deals', args.deals ?? (quick ? '300' : '3000')),
  rate: positive('rate', args.rate ?? (quick ? '6' : '15')),
  redelivered: fraction('redelivered', args.redelivered),
  workerKillEveryMs: positive('worker-kill-every', args['worker-kill-every']) * 1000,
  settleTimeoutMs: positive('settle-timeout', args['settle-timeout'] ?? (quick ? '150' : '1200')) * 1000,
  seed: positive('seed', args.seed),
};

function positive(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got "${text}"`);
  return value;
}

function fraction(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new Error(`--${name} must be 0–1, got "${text}"`);
  return value;
}

/** When each delivery of each deal is sent, in ms after the first. */
interface Delivery {
  deal: ChaosDeal;
  atMs: number;
  kind: 'first' | 'concurrent' | 'later';
}

function planDeliveries(deals: readonly ChaosDeal[], random: SeededRandom, sendMs: number): Delivery[] {
  // "Minutes later", scaled to the run: half the sending time, between 10 s and 3 minutes, give or take half.
  const laterMs = Math.min(Math.max(sendMs / 2, 10_000), 180_000);
  const deliveries: Delivery[] = [];
  deals.forEach((deal, index) => {
    const atMs = (index / settings.rate) * 1000;
    deliveries.push({ deal, atMs, kind: 'first' });
    if (random.next() >= settings.redelivered) return;
    if (random.next() < 0.5) deliveries.push({ deal, atMs, kind: 'concurrent' });
    else deliveries.push({ deal, atMs: atMs + laterMs * (0.5 + random.next()), kind: 'later' });
  });
  return deliveries.sort((a, b) => a.atMs - b.atMs);
}

async function main(): Promise<number> {
  const random = new SeededRandom(settings.seed);
  const runTag = `c${Date.now().toString(36).slice(-5)}`;
  const deals = chaosDeals(settings.deals, runTag, random);
  const sendMs = (settings.deals / settings.rate) * 1000;
  const deliveries = planDeliveries(deals, random, sendMs);
  const loadAtStart = loadavg()[0]!;
  print(
    `[chaos] ${settings.deals} deals at ${settings.rate}/s, ${deliveries.length - deals.length} redeliveries, ` +
      `worker SIGKILL every ${settings.workerKillEveryMs / 1000} s${quick ? ' (once)' : ''}; load average ${loadAtStart.toFixed(1)}`,
  );
  const stack = await startChaosStack(print);
  print(`[chaos] stack up; process output in ${stack.logFile}`);
  // Ctrl-C stops every process the run started (they are its children, not the terminal's).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      print(`[chaos] ${signal}: stopping the stack…`);
      void stack.close().finally(() => process.exit(130));
    });
  }
  try {
    return await run(stack, deals, deliveries, sendMs, loadAtStart);
  } catch (error) {
    print(stack.recentOutput().slice(-40).join('\n'));
    throw error;
  } finally {
    await stack.close();
  }
}

async function run(
  stack: ChaosStack,
  deals: ChaosDeal[],
  deliveries: Delivery[],
  sendMs: number,
  loadAtStart: number,
): Promise<number> {
  const targetUrls = stack.targets;
  await armTargetFaults(targetUrls, { http500: 0.05, http429: 0.05, slowWrite: 0.01, slowWriteMs: 12_000 });
  const plan: KillPlan = {
    workerKillEveryMs: quick
      ? Math.max(settings.workerKillEveryMs, sendMs * 0.3)
      : settings.workerKillEveryMs,
    maxWorkerKills: quick ? 1 : Number.POSITIVE_INFINITY,
    secondWorker: { fromMs: sendMs * 0.2, untilMs: sendMs * 0.75 },
    apiKillAtMs: sendMs * 0.4,
    apiDownMs: 2_000,
    temporalKillAtMs: sendMs * 0.6,
    temporalDownMs: 5_000,
  };
  const sender = new WebhookSender(`${stack.apiUrl}/webhooks/crm`);
  const killer = new ProcessKiller(stack, plan, print);
  const startedAt = Date.now();
  killer.start();

  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const failures: string[] = [];
  const sending = (async () => {
    for (const delivery of deliveries) {
      const wait = startedAt + delivery.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      // A sender's pool is finite: while Loudwire is down, retries pile up rather than connections.
      while (inFlight.size >= 256) await Promise.race(inFlight);
      const eventId = `msg_${delivery.deal.dealId}`;
      const pending = sender
        .deliver(eventId, JSON.stringify(delivery.deal.envelope))
        .catch((error: Error) => void failures.push(error.message))
        .finally(() => inFlight.delete(pending));
      inFlight.add(pending);
      sent += 1;
    }
    await Promise.all(inFlight);
  })();

  const progress = async (phase: string) => {
    const landed = countLanded(deals, await readTargets(targetUrls));
    const faults = await countInjectedFaults(targetUrls);
    print(
      `[chaos] ${((Date.now() - startedAt) / 1000).toFixed(0)} s ${phase}: sent ${sent}/${deliveries.length}, ` +
        `accepted ${sender.counts.accepted}, landed ${landed}/${deals.length}; kills worker ${killer.counts.worker}, ` +
        `api ${killer.counts.api}, temporal ${killer.counts.temporal}; injected 500 ${faults.http_500}, ` +
        `429 ${faults.http_429}, slow ${faults.slow}`,
    );
    return landed;
  };
  const progressEveryMs = deals.length > 1000 ? 15_000 : 10_000;
  let sendingDone = false;
  void sending.then(() => (sendingDone = true));
  while (!sendingDone) {
    await Promise.race([sending, sleep(progressEveryMs)]);
    if (!sendingDone) await progress('sending');
  }
  const sentAt = Date.now();

  // Settling: the kills go on (the worker keeps dying every 20 s) until every deal has landed everywhere and no
  // record is still working, or the settle timeout passes.
  let settledAt: number | undefined;
  while (Date.now() - sentAt < settings.settleTimeoutMs) {
    const landed = await progress('settling');
    if (landed === deals.length && killer.counts.api + killer.counts.temporal === 2) {
      const statuses = await listRecordStatuses(stack.temporal.client, stack.taskQueue);
      const working = statuses.filter((record) => record.status === 'Received').length;
      if (working === 0 && statuses.length >= deals.length) {
        settledAt = Date.now();
        break;
      }
      print(`[chaos] every deal landed; ${working} records still verifying`);
    }
    await sleep(progressEveryMs / 2);
  }
  const endedAt = settledAt ?? Date.now();
  await killer.stop();
  const faults = await countInjectedFaults(targetUrls);
  await clearTargetFaults(targetUrls);
  sender.close();

  const audit = auditTargets(deals, await readTargets(targetUrls));
  const statuses = await listRecordStatuses(stack.temporal.client, stack.taskQueue);
  const byKey = new Map(statuses.map((record) => [record.recordKey, record]));
  const parked = statuses.filter((record) => record.status === 'Parked');
  const unsettled = deals.filter(
    (deal) => byKey.get(deal.dealId)?.status !== 'Synced' && byKey.get(deal.dealId)?.status !== 'Parked',
  );
  const count = (kind: string) =>
    new Set(audit.problems.filter((p) => p.kind === kind).map((p) => p.dealId)).size;
  const result: ChaosResult = {
    deals: deals.length,
    redeliveries: {
      concurrent: deliveries.filter((delivery) => delivery.kind === 'concurrent').length,
      later: deliveries.filter((delivery) => delivery.kind === 'later').length,
    },
    sender: sender.counts,
    kills: killer.counts,
    faults,
    landed: audit.landed,
    duplicated: count('duplicated'),
    misWritten: count('mis-written'),
    parked: parked.length,
    lost: count('lost'),
    unsettled: unsettled.length,
    strangers: audit.strangers,
    elapsedMs: endedAt - startedAt,
    settled: settledAt !== undefined,
    loadAverage: { start: loadAtStart, end: loadavg()[0]! },
  };
  print('');
  print(renderChaosTable(result));
  for (const problem of audit.problems.slice(0, 20)) {
    print(`  ${problem.kind} ${problem.dealId} at ${problem.target}: ${problem.detail}`);
  }
  for (const record of parked.slice(0, 10)) print(`  parked ${record.workflowId}: ${record.parkedBecause}`);
  for (const deal of unsettled.slice(0, 10)) {
    print(`  unsettled ${deal.dealId}: ${byKey.get(deal.dealId)?.status ?? 'no record workflow'}`);
  }
  for (const failure of failures.slice(0, 10)) print(`  sender gave up: ${failure}`);
  for (const failure of killer.failures) print(`  restart failed: ${failure}`);
  const passed =
    result.landed === result.deals &&
    result.duplicated + result.misWritten + result.parked + result.lost + result.unsettled === 0 &&
    failures.length === 0 &&
    killer.failures.length === 0 &&
    result.kills.api === 1 &&
    result.kills.temporal === 1 &&
    result.kills.worker >= 1;
  print(passed ? '[chaos] PASSED: nothing lost, duplicated, mis-written or left parked' : '[chaos] FAILED');
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    print(`[chaos] run failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);
