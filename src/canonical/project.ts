import { z } from 'zod';
import { CalendarDate, cleanTextOfAtMost, EmailAddress, SourceId } from './formats';
import { Money } from './money';

/** The delivery project a won deal starts. Target-neutral: full values, no vendor limits applied. */
export const Project = z
  .object({
    externalId: SourceId.describe('ID of the source record the project comes from (the deal ID)'),
    name: cleanTextOfAtMost(255).describe('Project name, in full (1–255 characters)'),
    clientName: cleanTextOfAtMost(255).describe('Name of the client organization, in full'),
    kickoffDate: CalendarDate.nullable().describe('Planned kickoff date; null when unknown'),
    budget: Money.nullable().describe('Budget in exact minor units; null when unknown'),
    ownerEmail: EmailAddress.nullable().describe('Email of the person accountable for the project'),
  })
  .describe('Delivery project');
export type Project = z.infer<typeof Project>;
