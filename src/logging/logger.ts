import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactSensitive } from './sensitive-fields';

/**
 * One JSON object per line, with the component name on every line. Every logged object passes through
 * `redactSensitive`, so credentials and declared personal fields are masked at any depth — a forgotten field
 * in a request or response body cannot leak through a child logger.
 */
export function createLogger(
  component: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log: (object) => redactSensitive(object) as Record<string, unknown>,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
