import { pino, type Logger } from 'pino';

/**
 * Paths redacted from every log line: credentials in headers and bodies, and personal fields declared
 * sensitive. pino's redaction runs at serialization time, so a forgotten field cannot leak through a child logger.
 */
export const redactedLogPaths = [
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'request.headers.authorization',
  'request.headers["x-api-key"]',
  '*.client_secret',
  '*.access_token',
  '*.password',
  '*.email',
  '*.phone',
  '*.*.email',
  '*.*.phone',
  '*.*.*.email',
  '*.*.*.phone',
];

/** One JSON object per line, with the component name on every line. */
export function createLogger(component: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { component },
    redact: { paths: redactedLogPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
