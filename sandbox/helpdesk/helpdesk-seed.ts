import type { HelpdeskStore } from './helpdesk-store';
import type { Ticket, TicketPriority, TicketStatus } from './ticket-records';

// Support tickets as a real helpdesk holds them: several languages, emoji, a very long description pasted
// from an e-mail thread. Every ticket names a CRM company that has seeded deals (and so, once won, a project).
// Fixed IDs so tests, demos and docs can name a ticket ("escalate tkt_seed01").

const seededAt = (hour: number) => Date.UTC(2025, 1, 3, 8 + hour, 15);

/** A description of more than 4,000 characters: a forwarded e-mail thread with a log excerpt. */
export const longTicketDescription = [
  'Forwarded thread — please read from the bottom.',
  ...Array.from(
    { length: 40 },
    (_, index) =>
      `> [${String(index + 1).padStart(2, '0')}] 2025-02-0${(index % 9) + 1} 07:${String(index).padStart(2, '0')} ` +
      'Scanner at dock 4 drops the pallet ID after the firmware update; the WMS shows "ERR_LABEL_TIMEOUT" and the driver has to re-key it.',
  ),
  'Attached: dock4-scanner.log (truncated by the mail client).',
].join('\n');

const ticketRows: [
  company: number,
  subject: string,
  description: string,
  priority: TicketPriority,
  status: TicketStatus,
  requesterEmail: string,
][] = [
  [
    1,
    'Roboterarm kalibriert nicht – Linie 3 steht 🚨',
    'After the onboarding visit the arm on line 3 refuses to calibrate. Production is down since 06:00.',
    'urgent',
    'open',
    'jane.doe@acme-robotics.example',
  ],
  [
    2,
    'Zugriff auf Treasury-Dashboard für Zoë Brunner',
    'Please grant read access to the treasury analytics dashboard for our new analyst.',
    'normal',
    'pending',
    'zoe.brunner@zkb.example',
  ],
  [
    3,
    '保守契約の請求書が届いていません',
    '先月分の保守契約の請求書がまだ届いていません。再送をお願いします。',
    'low',
    'open',
    'taro.tanaka@tokyo-robotics.example',
  ],
  [
    6,
    'ERP-Schnittstelle: Aufträge doppelt übertragen',
    'Since Monday every order from the shop arrives twice in the ERP. We stopped the nightly import.',
    'high',
    'open',
    'hans.mueller@mueller-soehne.example',
  ],
  [
    8,
    'BI licences: 3 users cannot log in',
    'Three of the new licence holders get "account not provisioned" on first login.',
    'high',
    'open',
    'priya.patel@brightwater.example',
  ],
  [
    9,
    'Fleet tracking: dock 4 scanner drops pallet IDs',
    longTicketDescription,
    'normal',
    'open',
    'o.hughes@tvlogistics.example',
  ],
  [
    10,
    "Étude d'ingénierie : livrable du lot 2 en retard",
    'Le livrable du lot 2 était attendu vendredi. Merci de nous indiquer une nouvelle date.',
    'normal',
    'solved',
    'francois.dupont@sgi-ingenierie.example',
  ],
  [
    13,
    'Project Hammock — "the hammocks are on fire"',
    'Mr. Scorpio asks for an on-site visit. Again.',
    'urgent',
    'pending',
    'hank@globex.example',
  ],
];

const seedId = (prefix: string, index: number) => `${prefix}_seed${String(index).padStart(2, '0')}`;

export const seededTickets: readonly Ticket[] = ticketRows.map(
  ([company, subject, description, priority, status, requesterEmail], index) => ({
    id: seedId('tkt', index + 1),
    subject,
    description,
    priority,
    status,
    requesterEmail,
    crmCompanyId: seedId('co', company),
    revision: 1,
    createdAt: seededAt(index),
    updatedAt: seededAt(index),
    escalatedAt: null,
  }),
);

/** Writes the demo tickets into an empty store. */
export function seedHelpdesk(store: HelpdeskStore): void {
  store.db.transaction(() => {
    for (const ticket of seededTickets) store.tickets.insert(ticket);
  })();
}
