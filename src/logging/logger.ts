import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { LogFormat, readableLogStream } from './readable-log-stream';
import { redactSensitive } from './sensitive-fields';

/**
 * One JSON object per line, with the component name on every line. Every logged object passes through
 * `redactSensitive`, so credentials and declared personal fields are masked at any depth — a forgotten field
 * in a request or response body cannot leak through a child logger.
 *
 * With `LOG_FORMAT=pretty` (what `npm run dev` sets) and no explicit destination, the same redacted objects are
 * written as readable lines instead (see readable-log-stream.ts); `LOG_COLOR=1` forces colour through a pipe.
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
  if (destination) return pino(options, destination);
  if (process.env.LOG_FORMAT === LogFormat.pretty) {
    const colorize = process.env.LOG_COLOR ? process.env.LOG_COLOR === '1' : Boolean(process.stdout.isTTY);
    return pino(options, readableLogStream({ colorize }));
  }
  return pino(options);
}

export type { Logger };
