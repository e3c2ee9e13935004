import { z } from 'zod';
import type { AnomalyDeclaration } from '../../anomaly/anomaly-declaration';
import { durationMs } from '../../config/duration';
import type { LoudwireEnvironment } from '../../config/environment';

/** Client onboarding's anomaly settings, read from ANOMALY_* (README "Predictive checks"). */
export const clientOnboardingAnomalySettings = z.object({
  /** `off`: won deals are not scored and the baseline learns nothing. */
  ANOMALY_CHECKS: z.enum(['on', 'off']).default('on'),
  ANOMALY_HOLD_THRESHOLD: z.coerce.number().positive().default(1),
  ANOMALY_COLD_START_RECORDS: z.coerce.number().int().min(1).default(100),
  /** How long scoring waits for a baseline that does not answer before the deal is held as "not scored". */
  ANOMALY_BASELINE_WAIT: durationMs.default(60_000),
});

/**
 * What a normal won deal looks like, learned from the last 1,000: its amount per currency, where its client
 * is, who owns it, how its names are written, which optional fields it has, and which companies are clients
 * already. A deal that scores 1 or more (one strong reason, or weaker ones together) waits for a sales lead
 * on the approval page; below that its reasons travel with it as warnings.
 */
export function clientOnboardingAnomalyChecks(env: LoudwireEnvironment): AnomalyDeclaration | undefined {
  const settings = env.integrationSettings['client-onboarding'] as z.infer<
    typeof clientOnboardingAnomalySettings
  >;
  if (settings.ANOMALY_CHECKS === 'off') return undefined;
  return {
    holdThreshold: settings.ANOMALY_HOLD_THRESHOLD,
    coldStartRecords: settings.ANOMALY_COLD_START_RECORDS,
    baselineWaitMs: settings.ANOMALY_BASELINE_WAIT,
    windowRecords: 1_000,
    duplicateIndexSize: 5_000,
    fields: {
      amount: 'deal.amount',
      categories: [
        { label: 'currency', path: 'deal.currency', firstSeen: 'first deal in {value}' },
        { label: 'country', path: 'organization.country', firstSeen: 'first client from {value}' },
        {
          label: 'owner domain',
          path: 'deal.ownerEmail',
          transform: 'emailDomain',
          firstSeen: 'first deal owned by someone at {value}',
          // A new sales office is worth a word, not a hold on its own.
          firstSeenWeight: 0.6,
        },
      ],
      categoryPairs: [['country', 'currency']],
      texts: [
        { label: 'company name', path: 'organization.name' },
        { label: 'deal title', path: 'deal.title' },
      ],
      presence: [
        { label: 'company domain', path: 'organization.domain' },
        { label: 'company phone', path: 'organization.phone' },
        { label: 'contact', path: 'contact' },
        { label: 'contact email', path: 'contact.email' },
        { label: 'contact phone', path: 'contact.phone' },
        { label: 'deal owner', path: 'deal.ownerEmail' },
      ],
      company: { name: 'organization.name', domain: 'organization.domain', recordNoun: 'deal' },
    },
    drift: { recentRecords: 200, presenceShift: 0.3, mixShift: 0.3 },
  };
}
