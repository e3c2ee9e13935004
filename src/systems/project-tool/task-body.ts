import { z } from 'zod';

/** The project tool's "create task" body (`POST /v2/tasks`), with the vendor's constraints (snake_case, strict). */
export const ProjectToolTaskBody = z
  .object({
    project_id: z.string().min(1).max(64),
    title: z.string().min(1).max(200),
    description: z.string().max(10_000).optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']),
    external_id: z.string().min(1).max(255),
  })
  .strict();
export type ProjectToolTaskBody = z.infer<typeof ProjectToolTaskBody>;
