import { z } from 'zod';

/** The CRM's "create note" body (`POST /api/notes`), with the vendor's constraints (camelCase, strict). */
export const CrmNoteBody = z
  .object({
    companyId: z.string().min(1).max(64),
    body: z.string().min(1).max(10_000),
    externalId: z.string().min(1).max(255),
  })
  .strict();
export type CrmNoteBody = z.infer<typeof CrmNoteBody>;
