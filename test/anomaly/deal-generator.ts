/**
 * Seeded generator of realistic won-deal payloads in the sandbox CRM's shape: clients from eleven countries
 * with their usual billing currencies, amounts log-normally spread around each currency's typical deal, company
 * names and domains in each country's style (Japanese clients sometimes in Japanese script), owners from three
 * sales offices, and optional fields as often missing as in a real CRM. Same seed, same deals.
 */

import { normalizedCompanyName } from '../../src/anomaly/text-shape';

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface CountryProfile {
  code: string;
  /** As the CRM sends it (names, not always codes). */
  name: string;
  weight: number;
  currencies: [string, number][];
  legalForms: string[];
  tld: string;
  phone: (random: () => number) => string;
  office: string;
}

const digits = (random: () => number, count: number) =>
  Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

export const countries: CountryProfile[] = [
  {
    code: 'US',
    name: 'United States',
    weight: 25,
    currencies: [['USD', 1]],
    legalForms: ['Inc.', 'LLC', 'Corp.'],
    tld: 'com',
    phone: (r) => `(415) 555-01${digits(r, 2)}`,
    office: 'example.com',
  },
  {
    code: 'DE',
    name: 'Deutschland',
    weight: 15,
    currencies: [
      ['EUR', 0.95],
      ['USD', 0.05],
    ],
    legalForms: ['GmbH', 'AG', 'GmbH & Co. KG'],
    tld: 'de',
    phone: (r) => `+49 30 ${digits(r, 7)}`,
    office: 'eu.example.com',
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    weight: 12,
    currencies: [
      ['GBP', 0.9],
      ['EUR', 0.05],
      ['USD', 0.05],
    ],
    legalForms: ['Ltd', 'PLC', 'Limited'],
    tld: 'co.uk',
    phone: (r) => `+44 20 7946 0${digits(r, 3)}`,
    office: 'example.co.uk',
  },
  {
    code: 'FR',
    name: 'France',
    weight: 8,
    currencies: [['EUR', 1]],
    legalForms: ['SAS', 'SA', 'SARL'],
    tld: 'fr',
    phone: (r) => `+33 1 42 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`,
    office: 'eu.example.com',
  },
  {
    code: 'CH',
    name: 'Switzerland',
    weight: 8,
    currencies: [
      ['CHF', 0.85],
      ['EUR', 0.15],
    ],
    legalForms: ['AG', 'GmbH', 'SA'],
    tld: 'ch',
    phone: (r) => `+41 44 ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`,
    office: 'eu.example.com',
  },
  {
    code: 'NL',
    name: 'Netherlands',
    weight: 6,
    currencies: [['EUR', 1]],
    legalForms: ['B.V.', 'N.V.'],
    tld: 'nl',
    phone: (r) => `+31 20 ${digits(r, 3)} ${digits(r, 4)}`,
    office: 'eu.example.com',
  },
  {
    code: 'ES',
    name: 'España',
    weight: 5,
    currencies: [['EUR', 1]],
    legalForms: ['S.L.', 'S.A.'],
    tld: 'es',
    phone: (r) => `+34 91 ${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`,
    office: 'eu.example.com',
  },
  {
    code: 'SE',
    name: 'Sweden',
    weight: 5,
    currencies: [
      ['SEK', 0.7],
      ['EUR', 0.3],
    ],
    legalForms: ['AB'],
    tld: 'se',
    phone: (r) => `+46 8 ${digits(r, 3)} ${digits(r, 3)} ${digits(r, 2)}`,
    office: 'eu.example.com',
  },
  {
    code: 'CA',
    name: 'Canada',
    weight: 6,
    currencies: [
      ['CAD', 0.8],
      ['USD', 0.2],
    ],
    legalForms: ['Inc.', 'Ltd.'],
    tld: 'ca',
    phone: (r) => `+1 416 555 01${digits(r, 2)}`,
    office: 'example.com',
  },
  {
    code: 'AU',
    name: 'Australia',
    weight: 5,
    currencies: [['AUD', 1]],
    legalForms: ['Pty Ltd'],
    tld: 'com.au',
    phone: (r) => `+61 2 9374 ${digits(r, 4)}`,
    office: 'example.co.uk',
  },
  {
    code: 'JP',
    name: 'Japan',
    weight: 5,
    currencies: [['JPY', 1]],
    legalForms: ['K.K.', 'Co., Ltd.'],
    tld: 'co.jp',
    phone: (r) => `+81 3 ${digits(r, 4)} ${digits(r, 4)}`,
    office: 'example.com',
  },
];

/** Median deal per currency, in major units; deals spread log-normally around it (σ below). */
export const typicalDeal: Record<string, number> = {
  USD: 18_000,
  EUR: 16_000,
  GBP: 14_000,
  CHF: 20_000,
  SEK: 180_000,
  CAD: 22_000,
  AUD: 25_000,
  JPY: 2_400_000,
};
const amountSpread = 0.45;
const zeroDecimalCurrencies = new Set(['JPY']);

const firstWords = [
  'Acme',
  'Nordwind',
  'Blue Harbor',
  'Silverline',
  'Granite',
  'Brightpath',
  'Cedar',
  'Polaris',
  'Redwood',
  'Vertex',
  'Lumen',
  'Orbit',
  'Keystone',
  'Alder',
  'Summit',
  'Riverbend',
  'Ironclad',
  'Bluebird',
  'Copperfield',
  'Evergreen',
  'Falcon',
  'Harbor Point',
  'Juniper',
  'Kestrel',
  'Lakeside',
  'Meridian',
  'Northstar',
  'Oakridge',
  'Pinecrest',
  'Quartz',
  'Sterling',
  'Tidewater',
  'Upland',
  'Vantage',
  'Westbrook',
  'Zephyr',
  'Alpine',
  'Beacon',
  'Cobalt',
  'Driftwood',
  'Ember',
  'Fjord',
  'Glacier',
  'Highland',
  'Indigo',
  'Jade',
  'Kingsley',
  'Lighthouse',
  'Maple',
  'Nimbus',
];
const secondWords = [
  'Robotics',
  'Logistics',
  'Analytics',
  'Consulting',
  'Systems',
  'Software',
  'Foods',
  'Energy',
  'Dynamics',
  'Labs',
  'Health',
  'Media',
  'Industries',
  'Solutions',
  'Networks',
  'Partners',
  'Capital',
  'Engineering',
  'Pharma',
  'Retail',
  'Textiles',
  'Mobility',
  'Security',
  'Learning',
  'Studios',
  'Manufacturing',
  'Holdings',
  'Ventures',
  'Technologies',
  'Biotech',
  'Materials',
  'Aerospace',
  'Marine',
  'Hospitality',
  'Agritech',
  'Fintech',
  'Insurance',
  'Architects',
  'Instruments',
  'Packaging',
];
const japaneseNames = [
  'さくらシステム',
  '東京ロボティクス',
  '青空物流',
  '富士アナリティクス',
  '星野ソフトウェア',
  '山田製作所',
  '緑川エナジー',
  '北斗ネットワーク',
];
const titleServices = [
  'Website',
  'Platform',
  'Data warehouse',
  'CRM',
  'Mobile app',
  'Analytics',
  'Security',
  'Cloud',
  'ERP',
  'Support',
];
const titleKinds = [
  'relaunch',
  'rollout',
  'migration',
  'audit',
  'retainer',
  'integration',
  'pilot',
  'upgrade',
  'redesign',
  'renewal',
];
const givenNames = [
  'Ada',
  'Ben',
  'Chloé',
  'David',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kira',
  'Liam',
  'Mona',
  'Nils',
  'Olga',
  'Pia',
];
const familyNames = [
  'Lovelace',
  'Meyer',
  'Dubois',
  'Smith',
  'Rossi',
  'Tanaka',
  'García',
  'Johansson',
  'Brown',
  'Novak',
  'Keller',
  'Jansen',
];

export interface GeneratedDeal {
  deal: Record<string, unknown>;
  company: Record<string, unknown>;
  contact: Record<string, unknown> | null;
}

/** Formats major units the way the CRM does (`12,500.00`; no decimals for JPY). */
export function crmAmount(major: number, currency: string): string {
  const decimals = zeroDecimalCurrencies.has(currency) ? 0 : 2;
  return major.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<T>(random: () => number, items: readonly [T, number][]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** A standard normal deviate (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A generator of realistic won deals, each for a company of its own (none of `takenNames`). */
export function dealGenerator(
  seed: number,
  idPrefix = 'deal_seed',
  takenNames: Iterable<string> = [],
  /** Only clients from these countries (ISO codes); all eleven by default. */
  onlyCountries?: readonly string[],
) {
  const profiles = countries.filter((profile) => !onlyCountries || onlyCountries.includes(profile.code));
  const random = seededRandom(seed);
  const usedNames = new Set<string>([...takenNames].map((name) => normalizedCompanyName(name) ?? name));
  let counter = 0;

  function companyName(country: CountryProfile): string {
    for (;;) {
      const name =
        country.code === 'JP' && random() < 0.4
          ? `${pick(random, japaneseNames)}${pick(random, ['株式会社', '合同会社'])}${counter}`
          : `${pick(random, firstWords)} ${pick(random, secondWords)}${random() < 0.3 ? ` ${pick(random, ['Group', 'International', 'Europe', 'North', 'Digital'])}` : ''} ${pick(random, country.legalForms)}`;
      const key = normalizedCompanyName(name) ?? name;
      if (!usedNames.has(key)) {
        usedNames.add(key);
        return name;
      }
    }
  }

  return function nextDeal(): GeneratedDeal {
    counter += 1;
    const id = `${idPrefix}${String(counter).padStart(4, '0')}`;
    const country = weighted(
      random,
      profiles.map((profile) => [profile, profile.weight] as [CountryProfile, number]),
    );
    const currency = weighted(random, country.currencies);
    const major = Math.max(
      100,
      Math.round((typicalDeal[currency]! * Math.exp(amountSpread * normal(random))) / 100) * 100,
    );
    const name = companyName(country);
    const slug = /^[\x20-\x7e]+$/.test(name)
      ? name
          .replace(/\s+(?:GmbH & Co\. KG|Co\., Ltd\.|Pty Ltd|\S+)$/, '')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
      : `jp-client-${counter}`;
    const given = pick(random, givenNames);
    const ascii = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    const family = pick(random, familyNames);
    const hasContact = random() < 0.9;
    return {
      deal: {
        id,
        title: `${pick(random, titleServices)} ${pick(random, titleKinds)}`,
        amount: crmAmount(major, currency),
        currency: currency.toLowerCase(),
        stage: 'won',
        ownerEmail: `${ascii(pick(random, givenNames))}.${pick(random, ['lee', 'park', 'roth', 'diaz'])}@${country.office}`,
        closeDate: '2026-11-30',
        wonAt: '2026-11-26T14:00:00.000Z',
        version: 1,
        updatedAt: '2026-11-26T14:00:05.000Z',
      },
      company: {
        id: `co_${id}`,
        name,
        country: random() < 0.5 ? country.name : country.code,
        domain: random() < 0.85 ? `${slug}.${country.tld}` : null,
        phone: random() < 0.8 ? country.phone(random) : null,
      },
      contact: hasContact
        ? {
            id: `ct_${id}`,
            firstName: given,
            lastName: family,
            email: random() < 0.97 ? `${ascii(given)}@${slug}.${country.tld}` : null,
            phone: random() < 0.75 ? country.phone(random) : null,
          }
        : null,
    };
  };
}
