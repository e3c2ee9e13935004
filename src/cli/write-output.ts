import { once } from 'node:events';

/**
 * Writes to stdout and waits when its buffer is full, so reporting on a multi-gigabyte file streams instead of
 * piling the whole report up in memory.
 */
export async function writeOutput(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}
