import type Database from 'better-sqlite3';
import { DocumentCollection } from '../kit/document-collection';
import type { Company, Contact, Deal, Note } from './crm-records';
import type { WebhookDelivery } from './webhooks/webhook-delivery';

/** The CRM's SQLite tables. */
export class CrmStore {
  readonly companies: DocumentCollection<Company>;
  readonly contacts: DocumentCollection<Contact>;
  readonly deals: DocumentCollection<Deal>;
  readonly deliveries: DocumentCollection<WebhookDelivery>;
  readonly notes: DocumentCollection<Note>;

  constructor(readonly db: Database.Database) {
    this.companies = new DocumentCollection(db, 'companies');
    this.contacts = new DocumentCollection(db, 'contacts', ['companyId']);
    this.deals = new DocumentCollection(db, 'deals', ['stage']);
    this.deliveries = new DocumentCollection(db, 'webhook_deliveries');
    this.notes = new DocumentCollection(db, 'notes', ['externalId']);
  }

  snapshot() {
    return {
      deals: this.deals.all(),
      companies: this.companies.all(),
      contacts: this.contacts.all(),
      deliveries: this.deliveries.all(),
      notes: this.notes.all(),
    };
  }

  clear(): void {
    this.db.transaction(() => {
      this.deliveries.clear();
      this.notes.clear();
      this.deals.clear();
      this.contacts.clear();
      this.companies.clear();
    })();
  }
}
