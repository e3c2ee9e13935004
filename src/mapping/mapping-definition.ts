import type { z } from 'zod';
import type { CanonicalSchemas } from '../canonical/canonical-schemas';
import type { TargetKey } from '../systems/kit/target-resource';
import type { FieldPath } from './field-path';
import type { NumberFormat } from './normalize/money';

/** Any dotted path into a canonical record (one of src/canonical/canonical-schemas.ts). */
export type CanonicalPath = {
  [Name in keyof CanonicalSchemas]: FieldPath<CanonicalSchemas[Name]>;
}[keyof CanonicalSchemas];

/** What a field's value must become, and how the raw source value is turned into it. */
export type FieldKind =
  /** Free text, cleaned (see `cleanText`). */
  | { kind: 'text' }
  /** Source record ID, checked against the safe charset, never rewritten. */
  | { kind: 'identifier' }
  /** Email address, trimmed, lower-cased, validated. */
  | { kind: 'email' }
  /** Phone number → E.164; national numbers read in the region found at `defaultRegionFrom`. */
  | { kind: 'phone'; defaultRegionFrom: CanonicalPath }
  /** Country name or code → ISO 3166-1 alpha-2. */
  | { kind: 'country' }
  /** Currency code → ISO 4217. */
  | { kind: 'currency' }
  /** Amount → exact integer minor units of the currency found at `currencyFrom`. */
  | { kind: 'money'; numberFormat: NumberFormat; currencyFrom: CanonicalPath }
  /**
   * Calendar date → `YYYY-MM-DD`. With `acceptDateTime`, an ISO 8601 date-time is also accepted and
   * becomes its UTC date.
   */
  | { kind: 'date'; acceptDateTime?: boolean }
  /** Date-time with offset → ISO 8601 UTC. */
  | { kind: 'datetime' }
  /** Web domain → lower-case ASCII hostname. */
  | { kind: 'domain' }
  /** Record version → non-negative integer (digit strings accepted). */
  | { kind: 'sequence' }
  /** A quantity (minutes worked) → exact non-negative integer; fractions and digit strings are refused. */
  | { kind: 'count' };

/**
 * What happens when a field's value is present but unusable (wrong type, unparseable, over `maxLength`):
 * - `reject`: the whole record is rejected with a reason naming the field;
 * - `omit-with-warning`: the canonical field is left null (or `defaultValue`) and a warning travels with the
 *   record. Only allowed for optional fields.
 */
export type InvalidValuePolicy = 'reject' | 'omit-with-warning';

/** How one canonical field is filled from the source. */
export type SourceFieldRule<SourcePath extends string> = FieldKind & {
  /** The canonical field filled. */
  canonical: CanonicalPath;
  /**
   * Source paths, in priority order. Conflict policy: the first one that is present and valid wins; an earlier
   * one that is present but invalid is reported by its `onInvalid` policy (as a warning when a later one wins).
   */
  from: readonly SourcePath[];
  /** A required field that is missing, empty or invalid rejects the record. */
  required: boolean;
  /** Longest text accepted into the canonical field (UTF-16 code units); longer follows `onInvalid`. */
  maxLength?: number;
  /** Policy for present but unusable values. Required fields always `reject`. */
  onInvalid: InvalidValuePolicy;
  /** Value used when the field is missing (no warning: the default is declared) or omitted. */
  defaultValue?: string | number;
  /** Why the field exists or what it means, for the generated documentation. */
  note?: string;
};

/**
 * An object in the source that groups fields (`deal`, `company`, `contact`). When it is missing or is not an
 * object, a required group rejects the record and an optional one makes its canonical entity null (with a
 * warning when it was present but of the wrong type).
 */
export interface SourceGroupRule<SourcePath extends string> {
  source: SourcePath;
  /** The canonical entity set to null when an optional group is absent. */
  canonical: CanonicalPath;
  required: boolean;
}

/** What a target does with a value longer than its limit. */
export type TooLongPolicy =
  | { policy: 'reject' }
  | {
      policy: 'shorten-with-warning';
      /**
       * Where the full value remains available, for the warning and the documentation; e.g.
       * `canonical organization.name`.
       */
      fullValueKeptIn: string;
      /** A field of the same target that receives the full value when shortening happens. */
      copyFullValueTo?: string;
    };

/** How one field of a target body is filled from the canonical record. */
export interface TargetFieldRule<TargetField extends string> {
  /** Field in the target's body, in the vendor's own naming (`budget_cents`, `metadata.crm_company_id`). */
  target: TargetField;
  /** The canonical field read, or a constant the target requires. */
  from: { canonical: CanonicalPath } | { constant: string };
  /** JSON type and format as the vendor documents it, e.g. `string (ISO 4217)`. */
  type: string;
  /** The record is rejected when a required target field has no value. */
  required: boolean;
  /** The vendor's length limit (UTF-16 code units). */
  maxLength?: number;
  /** Policy for values over `maxLength`. */
  onTooLong?: TooLongPolicy;
}

/** One target's side of an integration: its body schema and how each field is filled. */
export interface TargetMapping<Body extends Record<string, unknown>> {
  /** The vendor's constraints on the body; every body is checked against it before it counts as mapped. */
  bodySchema: z.ZodType<Body>;
  fields: readonly TargetFieldRule<FieldPath<Body>>[];
}

/**
 * An integration's mapping, one direction per entry: source → canonical (`fields`) and canonical → each target
 * (`targets`). Code maps from it and the documentation is generated from it: one source of truth.
 */
export interface MappingDefinition<SourcePath extends string = string> {
  /** Integration name (`client-onboarding`). */
  integration: string;
  /** Source system and event, for the documentation. */
  source: { system: string; eventTypes: readonly string[]; numberFormat: NumberFormat };
  groups: readonly SourceGroupRule<SourcePath>[];
  fields: readonly SourceFieldRule<SourcePath>[];
  /**
   * The schema every canonical record of this mapping must satisfy.
   * @default CanonicalRecord (the client engagement)
   */
  canonicalSchema?: z.ZodType<Record<string, unknown>>;
  /** One mapping per target resource, keyed `<system>/<resource>` (`project-tool/projects`). */
  targets: { readonly [Target in TargetKey]?: TargetMapping<Record<string, unknown>> };
}

/** A mapping definition of any source, for code that lists or documents mappings generically. */
export type AnyMappingDefinition = MappingDefinition<string>;

/** The source paths of a payload type, for `MappingDefinition<SourcePathOf<Payload>>`. */
export type SourcePathOf<SourcePayload> = FieldPath<SourcePayload>;
