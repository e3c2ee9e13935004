import { z } from 'zod';
import { cleanTextOfAtMost, CountryCode, PhoneNumber, SourceId } from './formats';

/** The client organization: the company the deal was won with. */
export const Organization = z
  .object({
    sourceId: SourceId.nullable().describe('Company ID in the source system; null when the source has none'),
    name: cleanTextOfAtMost(255).describe('Full legal or trading name, never shortened (1–255 characters)'),
    country: CountryCode.describe('Country of the organization, ISO 3166-1 alpha-2'),
    domain: z
      .string()
      .nullable()
      .describe('Web domain, lower-case ASCII hostname (IDN in punycode); null when unknown'),
    phone: PhoneNumber.nullable().describe('Main phone number in E.164; null when unknown or unusable'),
  })
  .describe('Client organization');
export type Organization = z.infer<typeof Organization>;
