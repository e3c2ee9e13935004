import type { Company, Contact, Deal } from './crm-records';
import type { CrmStore } from './crm-store';

// Demo data as real CRMs hold it: inconsistent country spellings, national and international phone formats,
// emails with stray spaces and capitals, unicode and right-to-left names, a name at the 255-character limit.
// Fixed IDs so tests, demos and docs can name a record ("win deal_seed01").

const seededAt = (hour: number) => new Date(Date.UTC(2025, 0, 6, 9 + hour)).toISOString();

/** A company name exactly 255 characters long: longer than any target system's name field. */
export const longestCompanyName =
  'Consolidated Northern Hemisphere Agricultural Machinery, Precision Irrigation Equipment, Renewable Energy Installations and Associated Aftermarket Maintenance Services Cooperative of Independent Regional Dealers and Distributors (Upper Midwest Region) Inc';

const companyRows: [name: string, country: string, domain: string, phone: string][] = [
  ['Acme Robotics, Inc.', 'United States', 'acme-robotics.example', '+1 415-555-0132'],
  ['Zürcher Kantonalbank AG', 'Schweiz', 'zkb.example', '+41 44 555 01 23'],
  ['株式会社東京ロボティクス', 'Japan', 'tokyo-robotics.example', '03-5555-0123'],
  ['شركة الرياض للحلول التقنية', 'Saudi Arabia', 'riyadh-tech.example', '+966 11 555 0123'],
  [longestCompanyName, 'USA', 'cnh-cooperative.example', '1-800-555-0199'],
  ['Müller & Söhne GmbH', 'Deutschland', 'mueller-soehne.example', '089 5550123'],
  ['Bäckerei Schmidt KG', 'Germany', 'baeckerei-schmidt.example', '+49 30 5550 1234'],
  ['Brightwater Analytics Ltd', 'UK', 'brightwater.example', '020 7946 0958'],
  ['Thames Valley Logistics plc', 'United Kingdom', 'tvlogistics.example', '+44 118 496 0123'],
  ["Société Générale d'Ingénierie SARL", 'France', 'sgi-ingenierie.example', '01 23 45 67 89'],
  ['Construcciones Peña y Asociados S.L.', 'España', 'pena-asociados.example', '+34 912 345 678'],
  ['northwind traders', 'U.S.', 'northwind.example', '(206) 555-0100'],
  ['  Globex Corporation ', 'us', 'globex.example', '555.0142'],
];

const contactRows: [company: number, firstName: string, lastName: string, email: string, phone: string][] = [
  [1, 'Jane', 'Doe', ' Jane.Doe@Acme-Robotics.example', '(415) 555-0199'],
  [1, 'Marcus', "O'Neil", 'marcus.oneil@acme-robotics.example', '+1 415 555 0177'],
  [2, 'Zoë', 'Brunner', 'zoe.brunner@zkb.example', '044 555 02 34'],
  [3, '太郎', '田中', 'taro.tanaka@tokyo-robotics.example ', '+81 3-5555-0124'],
  [4, 'فاطمة', 'الزهراني', 'f.alzahrani@riyadh-tech.example', '011 555 0124'],
  [5, 'Bob', 'Lindqvist', 'BOB.LINDQVIST@CNH-COOPERATIVE.EXAMPLE', '800.555.0100'],
  [6, 'Hans', 'Müller', 'HANS.MUELLER@MUELLER-SOEHNE.EXAMPLE', '+49 89 5550124'],
  [7, 'Anna-Lena', 'Schmidt', 'anna-lena@baeckerei-schmidt.example', '030 55501235'],
  [8, 'Priya', 'Patel', 'priya.patel@brightwater.example', '07700 900123'],
  [9, 'Oliver', 'Hughes', 'o.hughes@tvlogistics.example', '+44 7700 900456'],
  [10, 'François', 'Dupont', 'Francois.Dupont@SGI-Ingenierie.example', '06 12 34 56 78'],
  [11, 'José', 'Peña', 'jose.pena@pena-asociados.example', '612 345 678'],
  [12, 'sam', 'taylor', ' sam@northwind.example ', '206-555-0111'],
  [13, 'Hank', 'Scorpio', 'hank@globex.example', '+1 (555) 014-2000'],
  [6, 'Lena', 'Vogel', 'lena.vogel@mueller-soehne.example', ''],
];

const dealRows: [
  company: number,
  contact: number | null,
  title: string,
  amount: string,
  currency: string,
  ownerEmail: string,
  closeDate: string | null,
][] = [
  [
    1,
    1,
    'Acme Robotics – onboarding package',
    '12,500.00',
    'usd',
    'sam.rivera@crm-demo.example',
    '2025-03-31',
  ],
  [2, 3, 'ZKB Treasury analytics rollout', '1,250,000.00', 'CHF', 'lea.meier@crm-demo.example', '2025-06-30'],
  [3, 4, '東京ロボティクス 保守契約', '3,200,000', 'JPY', 'ken.sato@crm-demo.example', null],
  [4, 5, 'Riyadh data platform pilot', '45000', 'sar', 'sam.rivera@crm-demo.example', '2025-04-15'],
  [5, 6, 'Cooperative dealer portal', '980', 'USD', 'Sam.Rivera@CRM-demo.example', null],
  [6, 7, 'Müller & Söhne ERP integration', '7,999.99', 'EUR', 'lea.meier@crm-demo.example', '2025-02-28'],
  [7, 8, 'Bäckerei Schmidt POS upgrade', '0.50', 'eur', 'lea.meier@crm-demo.example', '2025-02-14'],
  [8, 9, 'Brightwater BI licences 🚀', '18,000.00', 'GBP', 'oliver.king@crm-demo.example', '2025-05-01'],
  [9, 10, 'Thames Valley fleet tracking', '250', 'gbp', 'oliver.king@crm-demo.example', null],
  [10, 11, "SGI – étude d'ingénierie", '99,999.99', 'EUR', 'claire.martin@crm-demo.example', '2025-09-30'],
  [11, 12, 'Peña y Asociados: obra nueva', '5,000', 'Eur', 'claire.martin@crm-demo.example', '2025-07-01'],
  [12, null, 'northwind renewal', '1,000,000.00', 'usd', 'sam.rivera@crm-demo.example', '2025-12-31'],
  [13, 14, 'Globex "Project Hammock"', '65,000', 'USD', 'ken.sato@crm-demo.example', '2025-08-15'],
  [1, 2, 'Acme Robotics – support add-on', '2,400.00', 'USD', 'sam.rivera@crm-demo.example', null],
  [6, 15, 'Müller & Söhne training days', '3,000.00', 'EUR', 'lea.meier@crm-demo.example', null],
];

const seedId = (prefix: string, index: number) => `${prefix}_seed${String(index).padStart(2, '0')}`;

export const seededCompanies: readonly Company[] = companyRows.map(
  ([name, country, domain, phone], index) => ({
    id: seedId('co', index + 1),
    name,
    country,
    domain,
    phone,
    createdAt: seededAt(index),
  }),
);

export const seededContacts: readonly Contact[] = contactRows.map(
  ([company, firstName, lastName, email, phone], index) => ({
    id: seedId('ct', index + 1),
    companyId: seedId('co', company),
    firstName,
    lastName,
    email,
    phone,
  }),
);

export const seededDeals: readonly Deal[] = dealRows.map(
  ([company, contact, title, amount, currency, ownerEmail, closeDate], index) => ({
    id: seedId('deal', index + 1),
    title,
    companyId: seedId('co', company),
    contactId: contact === null ? null : seedId('ct', contact),
    amount,
    currency,
    stage: 'open',
    ownerEmail,
    closeDate,
    version: 1,
    createdAt: seededAt(24 + index),
    updatedAt: seededAt(24 + index),
    wonAt: null,
  }),
);

/** Writes the demo records into an empty store. */
export function seedCrm(store: CrmStore): void {
  store.db.transaction(() => {
    for (const company of seededCompanies) store.companies.insert(company);
    for (const contact of seededContacts) store.contacts.insert(contact);
    for (const deal of seededDeals) store.deals.insert(deal);
  })();
}
