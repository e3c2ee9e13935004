import { readFileSync } from 'node:fs';

/** CPU time and memory of one process over a measured interval, read from /proc (Linux only). */
export interface ProcessUsage {
  cpuSeconds: number;
  /** Highest VmRSS seen by the sampler during the interval (MB). */
  peakRssMb: number;
  /** VmRSS when the interval ended (MB). */
  endRssMb: number;
}

/** The usage entry holding machine-wide busy CPU seconds (all processes, all cores). */
export const machineUsageKey = 'machine';

const clockTicksPerSecond = 100; // getconf CLK_TCK on every mainstream Linux build
const sampleEveryMs = 200;

interface ProcStat {
  cpuTicks: number;
  rssMb: number;
}

function readProc(pid: number): ProcStat | undefined {
  try {
    // Fields after the command name (which may contain spaces) start at field 3; utime, stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuTicks, rssMb: rssKb / 1024 };
  } catch {
    return undefined; // the process exited
  }
}

/** CPU seconds a process has used so far (all its threads), or undefined once it has exited. */
export function processCpuSeconds(pid: number): number | undefined {
  const stat = readProc(pid);
  return stat ? stat.cpuTicks / clockTicksPerSecond : undefined;
}

/**
 * Samples named processes every 200 ms. `begin()` opens an interval, `end()` closes it and answers each
 * process's CPU seconds and peak RSS within it. Sampling costs two small file reads per process.
 */
export class ProcessUsageSampler {
  private readonly start = new Map<string, ProcStat>();
  private readonly peak = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private machineAtBegin = readMachineCpuTicks();

  constructor(private readonly pids: ReadonlyMap<string, number>) {}

  begin(): void {
    this.start.clear();
    this.peak.clear();
    this.sample();
    for (const [name, pid] of this.pids) {
      const now = readProc(pid);
      if (now) this.start.set(name, now);
    }
    this.machineAtBegin = readMachineCpuTicks();
    this.timer = setInterval(() => this.sample(), sampleEveryMs);
    this.timer.unref();
  }

  end(): Record<string, ProcessUsage> {
    clearInterval(this.timer);
    this.sample();
    const usage: Record<string, ProcessUsage> = {};
    for (const [name, pid] of this.pids) {
      const now = readProc(pid);
      const before = this.start.get(name);
      if (!now || !before) continue;
      usage[name] = {
        cpuSeconds: (now.cpuTicks - before.cpuTicks) / clockTicksPerSecond,
        peakRssMb: Math.max(this.peak.get(name) ?? 0, now.rssMb),
        endRssMb: now.rssMb,
      };
    }
    // Every process on the machine, ours and other engineers': `machine − Σ ours` is the noise we ran beside.
    const machineNow = readMachineCpuTicks();
    usage[machineUsageKey] = {
      cpuSeconds: (machineNow.busy - this.machineAtBegin.busy) / clockTicksPerSecond,
      peakRssMb: Number.NaN,
      endRssMb: Number.NaN,
    };
    return usage;
  }

  /** Current RSS (MB) of one named process. */
  rssMb(name: string): number | undefined {
    const pid = this.pids.get(name);
    return pid === undefined ? undefined : readProc(pid)?.rssMb;
  }

  private sample(): void {
    for (const [name, pid] of this.pids) {
      const now = readProc(pid);
      if (now) this.peak.set(name, Math.max(this.peak.get(name) ?? 0, now.rssMb));
    }
  }
}

/** Machine-wide busy and total CPU ticks from /proc/stat, all cores: includes other engineers' load. */
export function readMachineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}
