import { z } from 'zod';
import { requiredText } from '../kit/field-rules';

export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export const taskStatuses = ['open', 'in_progress', 'done'] as const;

const optionalDescription = z
  .string({ error: 'must be a string' })
  .refine((value) => [...value].length <= 10_000, 'must be at most 10000 characters')
  .nullable()
  .optional();

/** Body of `POST /v2/tasks`. Unknown fields are refused, like projects. */
export const createTaskInput = z.strictObject({
  project_id: requiredText(64),
  title: requiredText(200),
  description: optionalDescription,
  priority: z.enum(taskPriorities, {
    error: (issue) =>
      issue.input === undefined ? 'is required' : `must be one of ${taskPriorities.join(', ')}`,
  }),
  external_id: requiredText(255),
});
export type CreateTaskInput = z.infer<typeof createTaskInput>;

/** Body of `PATCH /v2/tasks/:id`: any creatable field but the link to the source record, plus `status`. */
export const updateTaskInput = createTaskInput
  .omit({ external_id: true })
  .extend({
    status: z.enum(taskStatuses, { error: `must be one of ${taskStatuses.join(', ')}` }),
  })
  .partial();

/** A task in a project, as the project tool stores and returns it (snake_case, null for unset fields). */
export interface Task {
  id: string;
  project_id: string;
  title: string;
  description: string | null;
  priority: (typeof taskPriorities)[number];
  status: (typeof taskStatuses)[number];
  external_id: string;
  created_at: string;
  updated_at: string;
}
