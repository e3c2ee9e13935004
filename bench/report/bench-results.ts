import type { BenchPlan } from '../bench-plan';
import type { HistoryCost } from '../measure/history-cost';
import type { MachineStamp } from '../measure/machine-stamp';
import type { ProcessUsage } from '../measure/process-usage';
import type { EndToEndComparison } from '../phases/end-to-end-phase';
import type { IngestComparison } from '../phases/ingest-phase';
import type { OpenRecordsResult } from '../phases/open-records-phase';
import type { OverloadResult } from '../phases/overload-phase';
import type { WorkerStartup } from '../phases/worker-startup-phase';
import type { SandboxRequestStats } from '../stack/sandbox-host-messages';
import type { ServerProfile } from '../stack/server-profiles';

/** CPU seconds per 1,000 records and peak RSS of one process during a measured run. */
export interface ProcessCost {
  cpuSecondsPer1000: number;
  peakRssMb: number;
  /** Share of one core used on average over the run (1 = a full core: that process is the bottleneck). */
  coreUtilization: number;
}

export interface SandboxShare {
  requestsPerRecord: number;
  byRoutePerRecord: Record<string, number>;
  /** Mean time the sandboxes took to answer one request (ms). */
  meanServiceMs: number;
  /** Share of one core the sandbox process used during the saturation run. */
  coreUtilization: number;
  /** Sandbox CPU over all our processes' CPU in that run. */
  cpuShareOfStack: number;
}

export interface ProfileComparison {
  profile: ServerProfile;
  ingest: IngestComparison[];
  saturation: EndToEndComparison;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
  note?: string;
}

export type TemporalServerKind = 'dev' | 'postgres';

/** Everything measured on one Temporal server. */
export type MainSuite = Omit<
  BenchResults,
  'machine' | 'plan' | 'durationSeconds' | 'serverProfiles' | 'targets' | 'server' | 'otherServers'
>;

export type ServerSuite = MainSuite & { server: TemporalServerKind };

export interface BenchResults {
  machine: MachineStamp;
  plan: BenchPlan;
  durationSeconds: number;
  /** The server of the main figures below. */
  server: TemporalServerKind;
  /** The same suite on the other server (`--server both`). */
  otherServers: ServerSuite[];
  /** Spawn → polling of the worker entry point, from source and compiled. */
  workerStartup: WorkerStartup;
  /** RSS of each process right after start-up (MB): the floor under every later figure. */
  idleRssMb: Record<string, number>;
  /** ERROR lines the dev server logged during the main run (persistence timeouts when overloaded). */
  serverErrors: number;
  ingest: IngestComparison[];
  fixedRate: EndToEndComparison;
  saturation: EndToEndComparison;
  history: { loudwire?: HistoryCost; before?: HistoryCost; ceiling?: HistoryCost };
  /** From the saturation runs. */
  costPer1000: {
    loudwire: Record<string, ProcessCost>;
    before: Record<string, ProcessCost>;
    ceiling: Record<string, ProcessCost>;
  };
  /** Ingest-only API cost per 1,000 accepted webhooks, at each offered rate. */
  ingestApiCpuSecondsPer1000: Record<string, number>;
  sandboxShare: SandboxShare;
  openRecords: OpenRecordsResult;
  /** Issue 17 point 2: shedding at 400/s offered to one API process. */
  overload: OverloadResult;
  /** Busy CPU seconds of processes that were not ours during the saturation run (other engineers' load). */
  foreignCpuSeconds: number;
  serverProfiles: ProfileComparison[];
  targets: TargetCheck[];
}

/** Turns a run's process usage into per-1,000-record costs. */
export function costPer1000(
  usage: Record<string, ProcessUsage>,
  records: number,
  wallSeconds: number,
  names: readonly string[],
): Record<string, ProcessCost> {
  const costs: Record<string, ProcessCost> = {};
  for (const name of names) {
    const process = usage[name];
    if (!process) continue;
    costs[name] = {
      cpuSecondsPer1000: Math.round((process.cpuSeconds / records) * 1000 * 100) / 100,
      peakRssMb: Math.round(process.peakRssMb),
      coreUtilization: Math.round((process.cpuSeconds / wallSeconds) * 100) / 100,
    };
  }
  return costs;
}

/** Sandbox requests between two stats readings, per record landed. */
export function sandboxShare(
  before: SandboxRequestStats,
  after: SandboxRequestStats,
  records: number,
  usage: Record<string, ProcessUsage>,
  wallSeconds: number,
  ourProcesses: readonly string[],
): SandboxShare {
  const requests = after.requests - before.requests;
  const byRoutePerRecord: Record<string, number> = {};
  for (const [route, count] of Object.entries(after.byRoute)) {
    const delta = count - (before.byRoute[route] ?? 0);
    if (delta > 0) byRoutePerRecord[route] = Math.round((delta / records) * 100) / 100;
  }
  const sandboxCpu = usage.sandboxes?.cpuSeconds ?? 0;
  const ourCpu = ourProcesses.reduce((sum, name) => sum + (usage[name]?.cpuSeconds ?? 0), 0);
  return {
    requestsPerRecord: Math.round((requests / records) * 100) / 100,
    byRoutePerRecord,
    meanServiceMs: Math.round(((after.busyMs - before.busyMs) / Math.max(1, requests)) * 100) / 100,
    coreUtilization: Math.round((sandboxCpu / wallSeconds) * 100) / 100,
    cpuShareOfStack: Math.round((sandboxCpu / Math.max(0.01, ourCpu)) * 100) / 100,
  };
}
