import { z } from 'zod';
import { cleanTextOfAtMost, EmailAddress, PhoneNumber, SourceId } from './formats';

/** The person at the client organization the deal names as its contact. */
export const Contact = z
  .object({
    sourceId: SourceId.nullable().describe('Contact ID in the source system; null when the source has none'),
    firstName: cleanTextOfAtMost(100).nullable().describe('Given name (1–100 characters); null when unknown'),
    lastName: cleanTextOfAtMost(100).nullable().describe('Family name (1–100 characters); null when unknown'),
    email: EmailAddress.nullable().describe('Email address, lower-case; null when unknown or invalid'),
    phone: PhoneNumber.nullable().describe('Phone number in E.164; null when unknown or unusable'),
  })
  .describe('Client contact person');
export type Contact = z.infer<typeof Contact>;
