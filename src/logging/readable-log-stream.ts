import type { DestinationStream } from 'pino';
import PinoPretty, { type MessageFormatFunc, type PrettyStream } from 'pino-pretty';
import { recordKeyOfWorkflowId } from '../temporal/record-workflow-id';

/** How log lines are written: `json` (one object per line, the default) or `pretty` (for people, in development). */
export const LogFormat = { json: 'json', pretty: 'pretty' } as const;
export type LogFormat = (typeof LogFormat)[keyof typeof LogFormat];

/** The summary every vendor exchange logs at info level (the full exchange is logged at debug). */
export interface HttpExchangeSummary {
  method: string;
  /** Path only: a query string may carry anything, so it stays in the debug line. */
  path: string;
  status?: number;
  durationMs: number;
}

// Fields the message line already shows, or that only repeat what every line of a process says.
const shownInPrefix = ['component', 'workflowId', 'recordKey', 'http', 'sdk', 'pid', 'hostname'];
// The SDK adds these to every workflow and activity line; the workflow ID says which record it is.
const sdkNoise = [
  'runId',
  'namespace',
  'taskQueue',
  'workflowType',
  'activityId',
  'attempt',
  'isLocal',
  'taskToken',
  'sdkComponent',
];

/**
 * A line-per-event view of Loudwire's JSON logs, for a person at a terminal: time, level, then the component,
 * workflow ID and record key, then the message; a vendor exchange reads `POST /v2/projects → 201 (34 ms)`.
 * Lines are formatted from the already-redacted objects, so a secret masked in JSON is masked here too.
 * pino-pretty does the work (colours, levels, times, errors); only the message line is ours.
 */
export function readableLogStream(options: { colorize: boolean; destination?: DestinationStream }) {
  return PinoPretty({
    colorize: options.colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: [...shownInPrefix, ...sdkNoise].join(','),
    messageFormat: formatMessage,
    // Only real Error objects (`err`) get pino-pretty's multi-line block; Loudwire logs `error` as a message string,
    // which stays on the event's line.
    errorLikeObjectKeys: ['err'],
    ...(options.destination ? { destination: options.destination } : {}),
    sync: true,
  }) satisfies PrettyStream;
}

const formatMessage: MessageFormatFunc = (log, messageKey, _levelLabel, { colors }) => {
  const workflowId = typeof log.workflowId === 'string' ? log.workflowId : undefined;
  // SDK lines name the workflow type; only a record workflow's ID ends in a record key (a schedule's ends in a time).
  const recordKey =
    typeof log.recordKey === 'string'
      ? log.recordKey
      : workflowId && log.workflowType === 'recordSyncWorkflow'
        ? recordKeyOfWorkflowId(workflowId)
        : undefined;
  const prefix = [
    colors.cyan(String(log.component ?? '-')),
    ...(workflowId ? [colors.magenta(workflowId)] : []),
    ...(recordKey ? [colors.bold(recordKey)] : []),
  ].join(' ');
  const exchange = log.http as HttpExchangeSummary | undefined;
  const message = exchange ? describeExchange(exchange, colors) : String(log[messageKey] ?? '');
  return `${prefix} ${message}`;
};

function describeExchange(
  exchange: HttpExchangeSummary,
  colors: Parameters<MessageFormatFunc>[3]['colors'],
): string {
  const status = exchange.status ?? 0;
  const paint = status >= 500 || status === 0 ? colors.red : status >= 400 ? colors.yellow : colors.green;
  return `${exchange.method} ${exchange.path} → ${paint(String(status || 'no answer'))} (${exchange.durationMs} ms)`;
}
