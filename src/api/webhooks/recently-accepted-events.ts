/**
 * Event IDs this API process accepted recently, oldest evicted first. It only fills in the `duplicate` hint of
 * the 202 answer; the workflow, which dedupes by event ID durably, is the authority on duplicates.
 */
export class RecentlyAcceptedEvents {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity = 50_000) {}

  /** Records the key; returns true when it had been recorded before. */
  remember(key: string): boolean {
    if (this.keys.has(key)) return true;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return false;
  }
}
