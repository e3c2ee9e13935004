/**
 * Dev-server storage settings under test. `temporal server start-dev` keeps everything in one SQLite file
 * behind one connection and one history shard, so how SQLite commits decides much of its throughput.
 */
export const ServerProfile = {
  /** What `npm start` runs: SQLite's defaults (rollback journal, synchronous=FULL: an fsync per commit). */
  default: 'default',
  /** Write-ahead log, still synchronous=FULL: a commit is durable when it returns, with fewer fsyncs. */
  wal: 'wal',
  /**
   * WAL with synchronous=NORMAL: commits are not fsynced; a power cut or kernel crash (not a process crash)
   * can lose the last commits, i.e. a webhook already answered 202. Survives `kill -9` of the server.
   */
  walNormal: 'wal-normal',
} as const;
export type ServerProfile = (typeof ServerProfile)[keyof typeof ServerProfile];

export const serverProfiles = Object.values(ServerProfile);

/** Extra `temporal server start-dev` arguments for a profile. */
export function serverProfileArgs(profile: ServerProfile): string[] {
  switch (profile) {
    case ServerProfile.default:
      return [];
    case ServerProfile.wal:
      return ['--sqlite-pragma', 'journal_mode=wal'];
    case ServerProfile.walNormal:
      return ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];
  }
}
