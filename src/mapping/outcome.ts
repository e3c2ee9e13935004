import type { TargetKey } from '../systems/kit/target-resource';

/** A problem with one field, named by its dotted path in the source (or canonical) record. */
export interface FieldProblem {
  /** e.g. `company.country` */
  field: string;
  /** Stable machine code, e.g. `unknown_country`, `too_long`, `required`. */
  code: string;
  /** A sentence a person can act on. */
  reason: string;
}

/** A declared, non-fatal change to a value (e.g. shortened to fit a target). Travels with the record. */
export type MappingWarning = FieldProblem;

export type MappingOutcome =
  | {
      status: 'ok';
      /** The canonical record (JSON-safe). */
      canonical: Record<string, unknown>;
      /** One JSON-safe body per target resource (`project-tool/projects`), in that target's own field conventions, ready to send. */
      targets: Partial<Record<TargetKey, Record<string, unknown>>>;
      warnings: MappingWarning[];
      /** Source fields present in the payload that no mapping uses: reported, never silently dropped. */
      unmappedSourceFields: string[];
    }
  | {
      status: 'rejected';
      reasons: FieldProblem[];
      warnings: MappingWarning[];
      unmappedSourceFields: string[];
    };
