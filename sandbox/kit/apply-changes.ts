/** A copy of `record` with every defined field of `changes` applied: a partial update (PATCH semantics). */
export function applyChanges<T extends object>(record: T, changes: Partial<T>): T {
  const updated = { ...record };
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) (updated as Record<string, unknown>)[field] = value;
  }
  return updated;
}
