import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import type { Logger } from './logger';

type SdkLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const pinoLevel: Record<SdkLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK level matching a LOG_LEVEL value. */
export function sdkLogLevel(level: string | undefined): SdkLevel {
  switch (level) {
    case 'trace':
      return 'TRACE';
    case 'debug':
      return 'DEBUG';
    case 'warn':
      return 'WARN';
    case 'error':
    case 'fatal':
    case 'silent':
      return 'ERROR';
    default:
      return 'INFO';
  }
}

/**
 * The Temporal SDK's logger, writing through pino: workflow and activity log lines (which carry the workflow ID,
 * run ID and, from Loudwire's workflows, the record's event) come out as the same redacted JSON lines as the
 * rest of the worker's.
 */
export function temporalSdkLogger(logger: Logger, level: string | undefined): DefaultLogger {
  return new DefaultLogger(sdkLogLevel(level), (entry: LogEntry) => {
    const meta = { ...entry.meta, sdk: true };
    logger[pinoLevel[entry.level as SdkLevel] ?? 'info'](meta, entry.message);
  });
}
