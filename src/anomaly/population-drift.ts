import type { AnomalyDeclaration } from './anomaly-declaration';
import type { BaselineState, WindowEntry } from './baseline-state';

/** A field whose population shifted: the latest records against the rest of the window. */
export interface PopulationDrift {
  /** The field's declared label, e.g. `contact phone`. */
  field: string;
  kind: 'presence' | 'mix';
  /** Presence: the rate's change (−1…1); mix: the total variation distance (0…1). */
  shift: number;
  /** A sentence for the alert, naming no record's values beyond category codes. */
  text: string;
}

/**
 * Fields whose presence rate or category mix moved by at least the declared amount between the older part of
 * the window and its latest `recentRecords`. Nothing until the older part is at least as large as the recent one.
 */
export function measurePopulationDrift(
  state: BaselineState,
  declaration: AnomalyDeclaration,
): { drifted: PopulationDrift[]; settled: string[] } {
  const { recentRecords, presenceShift, mixShift } = declaration.drift;
  const recent = state.window.slice(-recentRecords);
  const earlier = state.window.slice(0, -recentRecords);
  if (recent.length < recentRecords || earlier.length < recentRecords) return { drifted: [], settled: [] };
  const drifted: PopulationDrift[] = [];
  const settled: string[] = [];

  declaration.fields.presence.forEach((field, bit) => {
    const before = presenceRate(earlier, bit);
    const now = presenceRate(recent, bit);
    const shift = now - before;
    if (Math.abs(shift) >= presenceShift) {
      drifted.push({
        field: field.label,
        kind: 'presence',
        shift,
        text:
          `${field.label} is present in ${percent(now)} of the latest ${recent.length} records, ` +
          `against ${percent(before)} of the ${earlier.length} before`,
      });
    } else if (Math.abs(shift) < presenceShift / 2) settled.push(field.label);
  });

  declaration.fields.categories.forEach((category, index) => {
    const before = mix(earlier, index);
    const now = mix(recent, index);
    const distance = totalVariation(before, now);
    if (distance >= mixShift) {
      const grown = [...now.entries()]
        .map(([value, share]) => [value, share - (before.get(value) ?? 0)] as const)
        .sort((a, b) => b[1] - a[1])[0];
      drifted.push({
        field: category.label,
        kind: 'mix',
        shift: distance,
        text:
          `the mix of ${category.label} shifted by ${percent(distance)} over the latest ${recent.length} records` +
          (grown
            ? `: ${grown[0]} is now ${percent(now.get(grown[0]) ?? 0)} (was ${percent(before.get(grown[0]) ?? 0)})`
            : ''),
      });
    } else if (distance < mixShift / 2) settled.push(category.label);
  });
  return { drifted, settled };
}

/**
 * The drifts not alerted yet, marking them alerted in the state; a field whose drift settled (below half the
 * threshold) is re-armed. One alert per field per episode, never one per record.
 */
export function newPopulationDrifts(
  state: BaselineState,
  declaration: AnomalyDeclaration,
): PopulationDrift[] {
  const { drifted, settled } = measurePopulationDrift(state, declaration);
  state.driftAlerted = state.driftAlerted.filter((field) => !settled.includes(field));
  const fresh = drifted.filter((drift) => !state.driftAlerted.includes(drift.field));
  state.driftAlerted.push(...fresh.map((drift) => drift.field));
  return fresh;
}

function presenceRate(entries: WindowEntry[], bit: number): number {
  return entries.filter((entry) => (entry.p & (1 << bit)) !== 0).length / entries.length;
}

function mix(entries: WindowEntry[], index: number): Map<string, number> {
  const shares = new Map<string, number>();
  for (const entry of entries) {
    const value = entry.c[index] ?? '(none)';
    shares.set(value, (shares.get(value) ?? 0) + 1 / entries.length);
  }
  return shares;
}

function totalVariation(a: Map<string, number>, b: Map<string, number>): number {
  let sum = 0;
  for (const value of new Set([...a.keys(), ...b.keys()]))
    sum += Math.abs((a.get(value) ?? 0) - (b.get(value) ?? 0));
  return sum / 2;
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}
