import type Database from 'better-sqlite3';
import { DocumentCollection } from '../kit/document-collection';
import type { Ticket } from './ticket-records';
import type { HelpdeskDelivery } from './webhooks/ticket-escalated-event';

/** The helpdesk's SQLite tables. */
export class HelpdeskStore {
  readonly tickets: DocumentCollection<Ticket>;
  readonly deliveries: DocumentCollection<HelpdeskDelivery>;

  constructor(readonly db: Database.Database) {
    this.tickets = new DocumentCollection(db, 'tickets', ['status']);
    this.deliveries = new DocumentCollection(db, 'webhook_deliveries');
  }

  snapshot() {
    return { tickets: this.tickets.all(), deliveries: this.deliveries.all() };
  }

  clear(): void {
    this.db.transaction(() => {
      this.deliveries.clear();
      this.tickets.clear();
    })();
  }
}
