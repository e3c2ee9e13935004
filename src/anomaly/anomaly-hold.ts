/** Why a record that scored above its integration's anomaly threshold is held: what the approval gate shows. */
export interface AnomalyHold {
  score: number;
  threshold: number;
  /** The strongest reasons, in words. */
  reasons: string[];
  /**
   * The record could not be scored (its baseline, past the cold start, did not answer in time): it is held so
   * that nothing is written unscored, and `reasons` says why. Score and threshold are 0.
   */
  notScored?: true;
}
