import { pino, type Logger } from 'pino';
import { redactSensitive } from './sensitive-fields';

/**
 * One JSON object per line, with the component name on every line. Every logged object passes through
 * `redactSensitive`, so credentials and declared personal fields are masked at any depth — a forgotten field
 * in a request or response body cannot leak through a child logger.
 */
export function createLogger(component: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log: (object) => redactSensitive(object) as Record<string, unknown>,
    },
  });
}

export type { Logger };
