import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { traceLogContext } from '../observability/trace-log-context';
import { activityLogContext } from './activity-log-context';
import { LogFormat, readableLogStream } from './readable-log-stream';
import { redactSensitive } from './sensitive-fields';

/**
 * One JSON object per line, with the component name on every line. Every logged object passes through
 * `redactSensitive`, so credentials and declared personal fields are masked at any depth — a forgotten field
 * in a request or response body cannot leak through a child logger.
 *
 * With `LOG_FORMAT=pretty` (what `npm run dev` sets), the same redacted objects are written as readable lines
 * instead (see readable-log-stream.ts); `LOG_COLOR=1` forces colour through a pipe. Tests that parse log lines
 * pass a destination and no format, and always get JSON.
 */
export function createLogger(
  component: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
  format?: string,
): Logger {
  const options: LoggerOptions = {
    level,
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The workflow an activity works for, and the trace of the event being handled.
    mixin: (object, level, logger) => ({
      ...activityLogContext(object, level, logger),
      ...traceLogContext(),
    }),
    formatters: {
      log: (object) => redactSensitive(object) as Record<string, unknown>,
    },
  };
  // An explicit destination (a test capturing lines) gets JSON unless it asks otherwise.
  if ((format ?? (destination ? LogFormat.json : process.env.LOG_FORMAT)) === LogFormat.pretty) {
    const colorize = process.env.LOG_COLOR ? process.env.LOG_COLOR === '1' : Boolean(process.stdout.isTTY);
    return pino(options, readableLogStream({ colorize: destination ? false : colorize, destination }));
  }
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
