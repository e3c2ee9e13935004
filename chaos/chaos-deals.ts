import { clientOnboarding } from '../src/integrations/client-onboarding';
import type { SeededRandom } from '../fuzz/seeded-random';

/** One won deal of the run: the CRM payload it sends, and what each target must hold for it afterwards. */
export interface ChaosDeal {
  dealId: string;
  /** The `deal.won` envelope, as the sandbox CRM sends it. */
  envelope: Record<string, unknown>;
  /** The record each target must hold, field by field (the integration's own mapping of the payload). */
  expected: Record<string, Record<string, unknown>>;
}

// Varied on purpose: names with accents, scripts and punctuation, names longer than the project tool's 60-character
// `client` cap, several countries and currencies, so a value swapped or cut between two records shows.
const companyNames = [
  'Acme Robotics GmbH',
  'Müller & Söhne Maschinenbau KG',
  'Société Générale des Eaux Minérales de la Haute-Savoie et du Léman SA',
  '株式会社サンプル商事',
  "O'Brien Logistics Ltd.",
  'Nordic Fjord Analytics AB',
  'Café São Paulo Importadora Ltda',
  'Zeta Systems',
];
const countries = ['Deutschland', 'France', 'JP', 'United Kingdom', 'Sweden', 'Brazil', 'US', 'Spain'];
const phonesByCountry: Record<string, string> = {
  Deutschland: '+49 30 1234567',
  France: '+33 1 42 68 53 00',
  JP: '+81 3-1234-5678',
  'United Kingdom': '+44 20 7946 0958',
  Sweden: '+46 8 123 456 78',
  Brazil: '+55 11 3456-7890',
  US: '+1 415 555 0100',
  Spain: '+34 912 345 678',
};
const currencies = ['usd', 'eur', 'gbp', 'sek'];
const titles = ['Platform rollout', 'Annual support', 'Data migration — phase 2', 'Pilot', 'Kick-off «Nord»'];
const firstNames = ['Ada', 'Zoë', 'Jürgen', 'Haruki', 'Siobhán', 'Åsa'];

/**
 * `count` fresh deals for one run. Amounts stay under the approval threshold (50,000.00): a deal waiting for a
 * person would be "left parked" for reasons that are not the run's.
 */
export function chaosDeals(count: number, runTag: string, random: SeededRandom): ChaosDeal[] {
  return Array.from({ length: count }, (_, index) => {
    const dealId = `deal_${runTag}${index.toString(36).padStart(4, '0')}`;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)]!;
    const country = pick(countries);
    const amountCents = 10_000 + Math.floor(random.next() * 4_900_000);
    const amount = (amountCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    const firstName = pick(firstNames);
    const now = new Date().toISOString();
    const envelope = {
      type: 'deal.won',
      timestamp: now,
      data: {
        deal: {
          id: dealId,
          title: `${pick(titles)} #${index}`,
          amount,
          currency: pick(currencies),
          stage: 'won',
          ownerEmail: `Owner${index % 7}@Example.com`,
          closeDate: `2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
          wonAt: now,
          version: 1,
          updatedAt: now,
        },
        company: {
          id: `co_${dealId.slice(5)}`,
          name: `${pick(companyNames)} ${index}`,
          country,
          domain: `client-${index}.example`,
          phone: phonesByCountry[country],
        },
        contact: {
          id: `ct_${dealId.slice(5)}`,
          firstName,
          lastName: `Tester${index}`,
          email: ` ${firstName.normalize('NFD').replace(/[^\x20-\x7e]/g, '')}.${index}@Client-${index}.example `,
          phone: phonesByCountry[country],
        },
      },
    };
    const mapped = clientOnboarding.map(envelope.data);
    if (mapped.status !== 'ok') {
      // The generator's own bug, not Loudwire's: every generated deal must be one the integration accepts.
      throw new Error(`chaos deal ${dealId} does not map: ${JSON.stringify(mapped).slice(0, 400)}`);
    }
    return { dealId, envelope, expected: mapped.targets as Record<string, Record<string, unknown>> };
  });
}
