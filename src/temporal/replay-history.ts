import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
// historyFromJSON needs @temporalio/common and @temporalio/proto to share one protobufjs (it checks `instanceof
// Type`): package.json depends on protobufjs 8 directly so that npm hoists a single copy for both.
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
// @temporalio/proto is CommonJS: a default import works both under Node's ESM loader and bundlers.
import proto, { type temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { loadEnvironment } from '../config/environment';
import { loudwireDataConverter } from '../encryption/loudwire-data-converter';
import type { PayloadEncryptionKeyring } from '../encryption/payload-encryption-keys';
import { workflowsPath as loudwireWorkflowsPath } from './workflows-path';
import { loudwireWorkflowBundleOptions } from './bundle-options';

const commandRecorderPath = fileURLToPath(new URL('./replay-command-recorder.ts', import.meta.url));

export type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const quietBundler = new DefaultLogger('WARN');

/** Where replay found the workflow code and the history to disagree. */
export interface ReplayDivergence {
  /** The SDK's nondeterminism message (`[TMPRL1100] …`), from the shortest history prefix that diverges. */
  message: string;
  /** The first history event the code disagrees with. */
  eventId?: number;
  /** Its type, e.g. `ActivityTaskScheduled`, looked up in the history. */
  eventType?: string;
  /** What the history recorded there, e.g. `activity deliverToTarget` or `a local activity result`. */
  eventDetail?: string;
  /** The commands the local code issued in the workflow task that diverged, e.g. `ScheduleActivityTask audit`. */
  codeCommands?: string[];
}

export interface ReplayOutcome {
  workflowId: string;
  workflowType: string;
  events: number;
  /** Undefined when the history replays cleanly. */
  divergence?: ReplayDivergence;
}

/** A history file or response that cannot be replayed as it is, with what to do about it. */
export class UnreplayableHistoryError extends Error {
  override name = 'UnreplayableHistoryError';
}

/**
 * Reads a history as the Web UI's "Download" (Encoded) writes it — `{"events": [...]}`, proto3 JSON, oldest
 * first — and as `temporal workflow show --output json` and the HTTP API (`{"history": {"events": [...]}}`)
 * write it, or a bare array of events (what the Web UI's import page also accepts).
 */
export function parseHistoryJson(text: string, origin: string): History {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UnreplayableHistoryError(`${origin} is not JSON: ${(error as Error).message}`);
  }
  const events = Array.isArray(parsed)
    ? parsed
    : ((parsed as { events?: unknown })?.events ??
      (parsed as { history?: { events?: unknown } })?.history?.events);
  if (!Array.isArray(events) || events.length === 0) {
    throw new UnreplayableHistoryError(
      `${origin} holds no history events: expected {"events": [...]} as the Web UI's Download writes it`,
    );
  }
  if (looksDecoded(events)) {
    throw new UnreplayableHistoryError(
      `${origin} was downloaded "Decoded" or "Readable": its payloads are no longer what the workflow received. ` +
        'Download it again with "Encoded" (the default), or replay it by id: loudwire replay --workflow-id ID',
    );
  }
  const first = events[0] as { eventType?: string; eventId?: string | number };
  if (
    String(first.eventId) !== '1' ||
    !/WORKFLOW_EXECUTION_STARTED|WorkflowExecutionStarted/.test(String(first.eventType))
  ) {
    throw new UnreplayableHistoryError(
      `${origin} does not start with the WorkflowExecutionStarted event (event 1): a history must be complete ` +
        'and oldest first, as the Web UI downloads it',
    );
  }
  try {
    return historyFromJSON({ events });
  } catch (error) {
    throw new UnreplayableHistoryError(`${origin} is not a Temporal history: ${(error as Error).message}`);
  }
}

/** Payloads in an Encoded download carry base64 `data`; a Decoded or Readable one carries the values themselves. */
function looksDecoded(events: unknown[]): boolean {
  const started = (events[0] as Record<string, { input?: { payloads?: unknown[] } } | undefined>)
    ?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0] as { data?: unknown } | undefined;
  return payload !== undefined && payload.data !== undefined && typeof payload.data !== 'string';
}

/** Reads and parses a history file (see {@link parseHistoryJson}). */
export async function readHistoryFile(path: string): Promise<History> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UnreplayableHistoryError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseHistoryJson(text, path);
}

/** The history of a workflow run (the latest run unless `runId` is given), straight from the server. */
export async function fetchWorkflowHistory(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<History> {
  return client.workflow.getHandle(workflowId, runId).fetchHistory();
}

export interface ReplayOptions {
  history: History;
  /** Defaults to the ID in the history's first event. */
  workflowId?: string;
  /** Workflow code to replay against: Loudwire's `src/workflows` unless a test gives another entry point. */
  workflowsPath?: string;
  /** A pre-built bundle instead of `workflowsPath` (skips webpack; replay test suites build one per run). */
  workflowBundle?: ReplayWorkerOptions['workflowBundle'];
  /**
   * Keys that decrypt the history's payloads, as the worker's do. @default PAYLOAD_ENCRYPTION_KEYS of the
   * environment (development keys outside production)
   */
  payloadKeys?: PayloadEncryptionKeyring;
}

/**
 * Replays one history against local workflow code, as a worker would when it picks the record up, and reports
 * whether the code makes the same decisions the history recorded — or where it first makes another.
 */
export async function replayHistory(options: ReplayOptions): Promise<ReplayOutcome> {
  const events = options.history.events ?? [];
  const started = events[0]?.workflowExecutionStartedEventAttributes;
  const workflowId = options.workflowId ?? started?.workflowId ?? 'replayed-workflow';
  const outcome = {
    workflowId,
    workflowType: started?.workflowType?.name ?? 'unknown',
    events: events.length,
  };
  // Bundle once: locating a divergence replays several prefixes of the history.
  const workflowBundle =
    options.workflowBundle ??
    (await bundleWorkflowCode({
      ...loudwireWorkflowBundleOptions,
      workflowsPath: options.workflowsPath ?? loudwireWorkflowsPath,
      workflowInterceptorModules: [
        ...loudwireWorkflowBundleOptions.workflowInterceptorModules,
        commandRecorderPath,
      ],
      logger: quietBundler,
    }));
  const dataConverter = loudwireDataConverter(
    options.payloadKeys ?? loadEnvironment().PAYLOAD_ENCRYPTION_KEYS,
  );
  let commands: { historyLength: number; description: string }[] = [];
  const replay = async (history: History): Promise<Error | undefined> => {
    commands = [];
    try {
      await Worker.runReplayHistory(
        {
          workflowBundle,
          dataConverter,
          replayName: 'loudwire-replay',
          sinks: {
            replayRecorder: {
              command: {
                fn: (_info, historyLength: number, description: string) => {
                  commands.push({ historyLength, description });
                },
                callDuringReplay: true,
              },
            },
          },
        },
        history,
        workflowId,
      );
      return undefined;
    } catch (error) {
      if ((error as Error)?.name !== 'DeterminismViolationError') throw error;
      return error as Error;
    }
  };
  const lastTaskCommands = () => {
    const lastTask = Math.max(...commands.map((command) => command.historyLength));
    return commands
      .filter((command) => command.historyLength === lastTask)
      .map((command) => command.description);
  };
  const failure = await replay(options.history);
  if (!failure) return outcome;
  const divergence = await locateDivergence(events, failure, replay);
  // The replay of the shortest diverging prefix ran last: its final workflow task is the one that diverged.
  const codeCommands = lastTaskCommands();
  return { ...outcome, divergence: { ...divergence, ...(codeCommands.length > 0 ? { codeCommands } : {}) } };
}

/**
 * The SDK's message does not always name an event ("Missing associated machine for LocalActivity(1)"), so the
 * first diverging event is found by replaying ever shorter prefixes of the history (a binary search: a prefix
 * that diverges stays diverged as it grows). The message of that shortest diverging prefix is the most specific.
 */
async function locateDivergence(
  events: HistoryEvent[],
  failure: Error,
  replay: (history: History) => Promise<Error | undefined>,
): Promise<ReplayDivergence> {
  let low = 1; // replays cleanly (the started event alone always does)
  let high = events.length; // diverges
  let message = failure.message;
  let shortestFailureReplayedLast = true;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const prefixFailure = await replay({ events: events.slice(0, middle) });
    shortestFailureReplayedLast = prefixFailure !== undefined;
    if (prefixFailure) {
      high = middle;
      message = prefixFailure.message;
    } else {
      low = middle;
    }
  }
  // Leave the recorder holding the commands of the shortest diverging replay.
  if (!shortestFailureReplayedLast) await replay({ events: events.slice(0, high) });
  const event = events[high - 1]!;
  return {
    message: sdkDetail(message),
    eventId: Number(event.eventId),
    eventType: eventTypeName(event.eventType),
    ...(describeEvent(event) ? { eventDetail: describeEvent(event) } : {}),
  };
}

/** The core of the SDK's message: "[TMPRL1100] Nondeterminism error: …" without the wrapping Rust debug output. */
function sdkDetail(message: string): string {
  return /\[TMPRL1100\][^"]*/.exec(message)?.[0]?.trim() ?? message;
}

/** What the history recorded at that event, in the terms the code uses (activity, timer, marker, signal). */
function describeEvent(event: HistoryEvent): string | undefined {
  const activity = event.activityTaskScheduledEventAttributes?.activityType?.name;
  if (activity) return `activity ${activity}`;
  const marker = event.markerRecordedEventAttributes?.markerName;
  if (marker) return marker === 'core_local_activity' ? 'a local activity result' : `marker ${marker}`;
  const timer = event.timerStartedEventAttributes?.timerId;
  if (timer) return `timer ${timer}`;
  const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
  if (signal) return `signal ${signal}`;
  return undefined;
}

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` (or its number) as the Web UI shows it: `ActivityTaskScheduled`. */
export function eventTypeName(eventType: unknown): string {
  const enumName =
    typeof eventType === 'number'
      ? (eventTypeNames[eventType] ?? String(eventType))
      : String(eventType ?? '');
  return enumName
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_match, _separator: string, letter: string) => letter.toUpperCase());
}

const eventTypeNames: Record<number, string> = Object.fromEntries(
  Object.entries(proto.temporal.api.enums.v1.EventType).map(([name, value]) => [value as number, name]),
);
