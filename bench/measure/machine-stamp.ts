import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { temporalCliPath } from '../../src/temporal/temporal-cli-path';

export interface MachineStamp {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  temporalCli: string;
  gitCommit: string;
  /** True when the working tree had uncommitted changes (figures then describe more than the commit). */
  gitDirty: boolean;
  /** 1-minute load average when the run started: other engineers' work on a shared machine shows here. */
  loadAverageAtStart: number;
}

/** Where and on what the figures were measured. */
export function stampMachine(): MachineStamp {
  return {
    date: new Date().toISOString(),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    temporalCli: run(temporalCliPath(), ['--version']),
    gitCommit: run('git', ['rev-parse', '--short', 'HEAD']),
    gitDirty: run('git', ['status', '--porcelain', '--untracked-files=no']) !== '',
    loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
