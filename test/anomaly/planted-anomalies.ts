import { AnomalyKind } from '../../src/anomaly/score-record';
import { crmAmount, dealGenerator, type GeneratedDeal } from './deal-generator';

/** A deliberately wrong deal, and the reasons that count as naming what is wrong with it. */
export interface PlantedAnomaly {
  label: string;
  payload: GeneratedDeal;
  expected: readonly AnomalyKind[];
}

function withCountry(next: () => GeneratedDeal, code: string): GeneratedDeal {
  for (;;) {
    const deal = next();
    const country = deal.company.country as string;
    if (
      country === code ||
      (code === 'US' && country === 'United States') ||
      (code === 'DE' && country === 'Deutschland') ||
      (code === 'GB' && country === 'United Kingdom') ||
      (code === 'CH' && country === 'Switzerland')
    )
      return deal;
  }
}

function withCurrency(next: () => GeneratedDeal, currency: string): GeneratedDeal {
  for (;;) {
    const deal = next();
    if ((deal.deal.currency as string).toUpperCase() === currency) return deal;
  }
}

function majorOf(deal: GeneratedDeal): number {
  return Number(String(deal.deal.amount).replaceAll(',', ''));
}

/**
 * Twenty planted anomalies, built from fresh normal deals of the same generator so that only the planted defect
 * differs: four each of 10× amounts, swapped currencies, unknown countries, known companies under new IDs, and
 * text-shape outliers. `earlier` are deals the baseline has already learned (the duplicates copy them).
 */
export function plantedAnomalies(seed: number, earlier: readonly GeneratedDeal[]): PlantedAnomaly[] {
  const next = dealGenerator(
    seed,
    'deal_planted',
    earlier.map((deal) => String(deal.company.name)),
  );
  const planted: PlantedAnomaly[] = [];
  const plant = (label: string, payload: GeneratedDeal, ...expected: AnomalyKind[]) =>
    planted.push({ label, payload, expected });

  for (const currency of ['USD', 'EUR', 'GBP', 'CHF']) {
    const deal = withCurrency(next, currency);
    deal.deal.amount = crmAmount(majorOf(deal) * 10, currency);
    plant(`10× amount in ${currency}`, deal, AnomalyKind.amount);
  }

  // The amount as the client is billed, with another currency's code: a field mix-up or a wrong default.
  for (const [country, currency] of [
    ['CH', 'JPY'],
    ['DE', 'SEK'],
    ['GB', 'JPY'],
    ['US', 'SEK'],
  ] as const) {
    const deal = withCountry(next, country);
    deal.deal.currency = currency.toLowerCase();
    deal.deal.amount = crmAmount(Math.round(majorOf(deal)), currency);
    plant(`${country} deal in ${currency}`, deal, AnomalyKind.amount, AnomalyKind.unusualPair);
  }

  for (const [code, name] of [
    ['KZ', 'Kazakhstan'],
    ['BR', 'Brazil'],
    ['IN', 'India'],
    ['ZA', 'South Africa'],
  ]) {
    const deal = withCurrency(next, 'USD');
    deal.company.country = name;
    deal.company.phone = null;
    if (deal.contact) deal.contact.phone = null;
    plant(`client from ${code}`, deal, AnomalyKind.firstSeenValue);
  }

  const withDomain = earlier.filter((deal) => deal.company.domain).slice(0, 4);
  const copies: [string, (copy: GeneratedDeal, original: GeneratedDeal) => void][] = [
    ['same name', (copy, original) => (copy.company.name = original.company.name)],
    [
      'same name, other case and legal form',
      (copy, original) =>
        (copy.company.name = String(original.company.name)
          .replace(/\s+\S+$/, '')
          .toUpperCase()),
    ],
    ['same domain, new name', (copy, original) => (copy.company.domain = original.company.domain)],
    [
      'same name and domain',
      (copy, original) => {
        copy.company.name = original.company.name;
        copy.company.domain = original.company.domain;
      },
    ],
  ];
  copies.forEach(([label, copyFrom], index) => {
    const deal = next();
    copyFrom(deal, withDomain[index]!);
    plant(`${label} as ${String(withDomain[index]!.deal.id)}`, deal, AnomalyKind.duplicate);
  });

  const longName = next();
  longName.company.name =
    'Kestrel Robotics International Holdings and Manufacturing Group for Precision Instruments, Industrial ' +
    'Automation, Logistics Software and Consulting Services of Central Europe GmbH';
  plant('very long company name', longName, AnomalyKind.textLength);
  const cyrillic = next();
  cyrillic.company.name = 'ООО Ромашка Технологии';
  plant('company name in Cyrillic', cyrillic, AnomalyKind.textScript);
  const pastedTitle = next();
  pastedTitle.deal.title =
    'Fwd: RE: Contract signed — please see attached the signed order form, the statement of work and the ' +
    'purchase order; kickoff planned for next Monday, invoicing monthly in arrears as agreed, thanks all!!';
  plant('e-mail pasted as deal title', pastedTitle, AnomalyKind.textLength);
  const greek = next();
  greek.company.name = 'Ελληνικά Συστήματα Α.Ε.';
  plant('company name in Greek', greek, AnomalyKind.textScript);

  return planted;
}
