import { CanonicalRecord } from '../canonical/canonical-record';
import type { TargetKey } from '../systems/kit/target-resource';
import { describeType } from './normalize/describe-value';
import { isPlainObject, readPath, writePath } from './field-path';
import type {
  AnyMappingDefinition,
  SourceFieldRule,
  TargetFieldRule,
  TargetMapping,
} from './mapping-definition';
import { dependencyMissing, normalizeByKind } from './normalize-field';
import type { FieldProblem, MappingOutcome, MappingWarning } from './outcome';
import { shortenedMarker, shortenText } from './shorten-text';
import { findUnmappedFields } from './unmapped-fields';

/** Field name used in problems about the payload as a whole. */
export const wholeRecordField = '(record)';

/** Problems and warnings collected while mapping one record. */
class MappingProblems {
  readonly reasons: FieldProblem[] = [];
  readonly warnings: MappingWarning[] = [];
  private readonly seen = new Set<string>();

  reject(problem: FieldProblem): void {
    this.add(this.reasons, problem);
  }

  warn(problem: MappingWarning): void {
    this.add(this.warnings, problem);
  }

  // The same source field can feed several canonical fields (company.name → organization and project); its
  // problem is reported once.
  private add(list: FieldProblem[], problem: FieldProblem): void {
    const key = `${list === this.reasons ? 'r' : 'w'}\u0000${problem.field}\u0000${problem.code}\u0000${problem.reason}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push(problem);
  }
}

/**
 * Maps one source payload through a mapping definition: source → canonical → every target. Pure and
 * deterministic, and it never throws: anything unexpected becomes a rejection naming `(record)`.
 */
export function runMapping(definition: AnyMappingDefinition, payload: unknown): MappingOutcome {
  // Groups are not listed: reading `contact` as an object does not use the fields inside it.
  const readPaths = definition.fields.flatMap((field) => field.from);
  let unmappedSourceFields: string[] = [];
  const problems = new MappingProblems();
  try {
    unmappedSourceFields = findUnmappedFields(payload, readPaths);
    if (!isPlainObject(payload)) {
      problems.reject({
        field: wholeRecordField,
        code: 'wrong_type',
        reason: `expected the event data to be a JSON object, got ${describeType(payload)}`,
      });
      return {
        status: 'rejected',
        reasons: problems.reasons,
        warnings: problems.warnings,
        unmappedSourceFields,
      };
    }
    const canonical = mapToCanonical(definition, payload, problems);
    const targets: Partial<Record<TargetKey, Record<string, unknown>>> = {};
    if (problems.reasons.length === 0) {
      const targetMappings = Object.entries(definition.targets) as [
        TargetKey,
        TargetMapping<Record<string, unknown>>,
      ][];
      for (const [target, mapping] of targetMappings) {
        const body = mapToTarget(definition, target, mapping, canonical, problems);
        if (body) targets[target] = body;
      }
    }
    if (problems.reasons.length > 0) {
      return {
        status: 'rejected',
        reasons: problems.reasons,
        warnings: problems.warnings,
        unmappedSourceFields,
      };
    }
    const checked = (definition.canonicalSchema ?? CanonicalRecord).safeParse(canonical);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        problems.reject({
          field: issue.path.join('.') || wholeRecordField,
          code: 'canonical_contract',
          reason: `the canonical record breaks its schema: ${issue.message}`,
        });
      }
      return {
        status: 'rejected',
        reasons: problems.reasons,
        warnings: problems.warnings,
        unmappedSourceFields,
      };
    }
    return { status: 'ok', canonical, targets, warnings: problems.warnings, unmappedSourceFields };
  } catch (error) {
    problems.reject({
      field: wholeRecordField,
      code: 'internal_error',
      reason: `the mapping failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    });
    return {
      status: 'rejected',
      reasons: problems.reasons,
      warnings: problems.warnings,
      unmappedSourceFields,
    };
  }
}

function mapToCanonical(
  definition: AnyMappingDefinition,
  payload: Record<string, unknown>,
  problems: MappingProblems,
): Record<string, unknown> {
  const canonical: Record<string, unknown> = {};
  const absentEntities: string[] = [];
  const absentSources: string[] = [];
  for (const group of definition.groups) {
    const lookup = readPath(payload, group.source);
    if (lookup.found && isPlainObject(lookup.value)) continue;
    if (group.required) {
      problems.reject({
        field: group.source,
        code: lookup.found ? 'wrong_type' : 'required',
        reason: lookup.found
          ? `expected an object, got ${describeType(lookup.value)}`
          : 'is required but missing',
      });
    } else if (lookup.found) {
      problems.warn({
        field: group.source,
        code: 'wrong_type',
        reason: `expected an object or null, got ${describeType(lookup.value)}; treated as absent`,
      });
    }
    absentSources.push(group.source);
    absentEntities.push(group.canonical);
    writePath(canonical, group.canonical, null);
  }
  const isUnder = (path: string, parents: string[]) =>
    parents.some((parent) => path.startsWith(`${parent}.`));
  for (const rule of definition.fields) {
    if (isUnder(rule.canonical, absentEntities)) continue;
    // Every source of the field sits in an absent object, whose absence is already reported (or allowed).
    const value = rule.from.every((path) => isUnder(path, absentSources))
      ? (rule.defaultValue ?? null)
      : mapField(rule, payload, canonical, problems);
    writePath(canonical, rule.canonical, value);
  }
  return canonical;
}

/** Fills one canonical field by its rule: first present and valid source wins, by the rule's policies. */
function mapField(
  rule: SourceFieldRule<string>,
  payload: Record<string, unknown>,
  canonical: Record<string, unknown>,
  problems: MappingProblems,
): unknown {
  const failures: FieldProblem[] = [];
  let dependencyFailed = false;
  for (const sourcePath of rule.from) {
    const lookup = readPath(payload, sourcePath);
    if (!lookup.found) continue;
    const result = normalizeByKind(rule, lookup.value, canonical);
    if (!result.ok) {
      if (result.code === 'empty') {
        // A blank amount reads as no amount (no budget): a consequence too large to take silently.
        if (rule.kind === 'money' && typeof lookup.value === 'string') {
          problems.warn({
            field: sourcePath,
            code: 'amount_blank',
            reason: 'is blank, so it is read as no amount; send null for none, or the amount',
          });
        }
        continue;
      }
      if (result.code === dependencyMissing) {
        dependencyFailed = true;
        continue;
      }
      failures.push({ field: sourcePath, code: result.code, reason: result.reason });
      continue;
    }
    const value = result.value;
    if (rule.maxLength !== undefined && typeof value === 'string' && value.length > rule.maxLength) {
      failures.push({
        field: sourcePath,
        code: 'too_long',
        reason: `is ${value.length} characters; the limit is ${rule.maxLength}`,
      });
      continue;
    }
    for (const note of result.notes) problems.warn({ field: sourcePath, ...note });
    // A later source won: earlier unusable ones are reported, but they no longer decide the record's fate.
    for (const failure of failures) problems.warn(withFallbackNote(failure, rule.canonical, sourcePath));
    return value;
  }

  const fallback = rule.defaultValue ?? null;
  if (failures.length === 0) {
    // Nothing to report when the dependency itself failed: its own field already carries the reason.
    if (rule.required && !dependencyFailed) {
      problems.reject({
        field: rule.from[0] ?? rule.canonical,
        code: 'required',
        reason: 'is required but missing or empty',
      });
    }
    return fallback;
  }
  const rejects = rule.required || rule.onInvalid === 'reject';
  for (const failure of failures) {
    if (rejects) problems.reject(failure);
    else problems.warn(withOmissionNote(failure, rule.canonical, fallback));
  }
  return fallback;
}

function withFallbackNote(problem: FieldProblem, canonical: string, usedInstead: string): MappingWarning {
  return { ...problem, reason: `${problem.reason}; ${canonical} was taken from ${usedInstead} instead` };
}

function withOmissionNote(
  problem: FieldProblem,
  canonical: string,
  fallback: string | number | null,
): MappingWarning {
  const consequence = fallback === null ? 'left empty' : `set to ${JSON.stringify(fallback)}`;
  return { ...problem, reason: `${problem.reason}; ${canonical} ${consequence}` };
}

function mapToTarget(
  definition: AnyMappingDefinition,
  target: TargetKey,
  mapping: TargetMapping<Record<string, unknown>>,
  canonical: Record<string, unknown>,
  problems: MappingProblems,
): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  const rejectedBefore = problems.reasons.length;
  for (const rule of mapping.fields) {
    const value =
      'constant' in rule.from ? rule.from.constant : readCanonical(canonical, rule.from.canonical);
    const sourceField = sourceFieldOf(definition, rule) ?? `${target}.${rule.target}`;
    if (value === undefined) {
      if (rule.required) {
        problems.reject({
          field: sourceField,
          code: 'required',
          reason: `${target} requires ${rule.target}, which has no value`,
        });
      }
      continue;
    }
    writePath(body, rule.target, fitToLength(target, rule, value, sourceField, body, problems));
  }
  if (problems.reasons.length > rejectedBefore) return undefined;
  const checked = mapping.bodySchema.safeParse(body);
  if (checked.success) return body;
  for (const issue of checked.error.issues) {
    problems.reject({
      field: `${target}.${issue.path.join('.')}`,
      code: 'target_contract',
      reason: `the ${target} body breaks the vendor's constraints: ${issue.message}`,
    });
  }
  return undefined;
}

function fitToLength(
  target: TargetKey,
  rule: TargetFieldRule<string>,
  value: unknown,
  sourceField: string,
  body: Record<string, unknown>,
  problems: MappingProblems,
): unknown {
  if (rule.maxLength === undefined || typeof value !== 'string' || value.length <= rule.maxLength)
    return value;
  const policy = rule.onTooLong ?? { policy: 'reject' };
  if (policy.policy === 'reject') {
    problems.reject({
      field: sourceField,
      code: 'too_long',
      reason: `is ${value.length} characters; ${target} accepts at most ${rule.maxLength} in ${rule.target}`,
    });
    return value;
  }
  const shortened = shortenText(value, rule.maxLength);
  if (shortened === shortenedMarker) {
    // Nothing of the value fits (e.g. one grapheme stacked with hundreds of combining marks): "…" alone is no name.
    problems.reject({
      field: sourceField,
      code: 'too_long',
      reason:
        `is ${value.length} characters and cannot be shortened for ${target} ${rule.target} (at most ` +
        `${rule.maxLength}): its first character alone is longer than that`,
    });
    return value;
  }
  if (policy.copyFullValueTo) writePath(body, policy.copyFullValueTo, value);
  problems.warn({
    field: sourceField,
    code: 'shortened',
    reason:
      `shortened from ${value.length} to at most ${rule.maxLength} characters for ${target} ${rule.target}; ` +
      `the full value is kept in ${policy.fullValueKeptIn}`,
  });
  return shortened;
}

function readCanonical(canonical: Record<string, unknown>, path: string): unknown {
  const lookup = readPath(canonical, path);
  return lookup.found ? lookup.value : undefined;
}

/** The first source path feeding the canonical field a target rule reads, to name problems as users know them. */
function sourceFieldOf(definition: AnyMappingDefinition, rule: TargetFieldRule<string>): string | undefined {
  if ('constant' in rule.from) return undefined;
  const canonicalPath: string = rule.from.canonical;
  const exact = definition.fields.find((field) => field.canonical === canonicalPath);
  const enclosing = definition.fields.find((field) => canonicalPath.startsWith(`${field.canonical}.`));
  return (exact ?? enclosing)?.from[0];
}
