import type { AnomalyDeclaration } from './anomaly-declaration';
import { observeRecord, type BaselineState } from './baseline-state';
import { newPopulationDrifts, type PopulationDrift } from './population-drift';
import type { RecordFeatures } from './record-features';

/** Population drift is measured every this many records: a shift takes far more records than that to show. */
export const driftCheckEvery = 25;

/**
 * Learns one record into the baseline — every scored record, held ones too: a held record is usually approved
 * (a first client from a new country), and the next one from there is then no longer a first. One outlier
 * cannot move a median; a stream of them shows as population drift.
 *
 * Learns one record into the baseline (what the baseline workflow does with each observation) and returns the
 * population drifts that are new since the last alert, if this record is one the drift check runs on.
 */
export function learnRecord(
  state: BaselineState,
  features: RecordFeatures,
  declaration: AnomalyDeclaration,
): PopulationDrift[] {
  const observedBefore = state.observed;
  observeRecord(state, features, declaration);
  if (state.observed === observedBefore || state.observed % driftCheckEvery !== 0) return [];
  return newPopulationDrifts(state, declaration);
}
