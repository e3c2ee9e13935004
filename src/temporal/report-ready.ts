/**
 * Tells a parent process (the `npm start` launcher) that this one is ready, over the IPC channel it opened.
 * A no-op when the process was started any other way.
 */
export function reportReady(details: Record<string, unknown> = {}): void {
  process.send?.({ type: 'ready', ...details });
}
