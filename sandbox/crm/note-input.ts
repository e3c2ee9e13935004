import { z } from 'zod';
import { requiredText } from '../kit/field-rules';

/** The longest note body the CRM stores, in characters. */
export const noteBodyMaxCharacters = 10_000;

/**
 * Body of `POST /api/notes`. Unlike the deal form, the notes API is written for integrations: unknown fields
 * are refused, so a mapping typo fails loudly instead of vanishing.
 */
export const createNoteInput = z.strictObject({
  companyId: requiredText(64),
  body: requiredText(noteBodyMaxCharacters),
  externalId: requiredText(255),
});
export type CreateNoteInput = z.infer<typeof createNoteInput>;

/** Body of `PATCH /api/notes/:id`: only the text changes; the company and the link stay. */
export const updateNoteInput = z.strictObject({ body: requiredText(noteBodyMaxCharacters) });
