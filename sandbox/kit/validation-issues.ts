import type { z } from 'zod';

/** One invalid input field, as the sandboxes report it: a dotted path and a human reason. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Flattens zod's issues to field + reason; unknown keys are reported under their own name. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: joinPath([...issue.path, key]), message: 'unknown field' }));
    }
    return [{ field: joinPath(issue.path) || '(body)', message: issue.message }];
  });
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
