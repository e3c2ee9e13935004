/** Why a record that scored above its integration's anomaly threshold is held: what the approval gate shows. */
export interface AnomalyHold {
  score: number;
  threshold: number;
  /** The strongest reasons, in words. */
  reasons: string[];
}
