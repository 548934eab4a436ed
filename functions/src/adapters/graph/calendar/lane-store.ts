import { type LeaseDocument } from '../../../domain/model';
import { type DocumentStore } from '../../../domain/ports';
import { isAppError } from '../../../errors';
import { type LeaseRecord, type LeaseStore } from './outlook-gate';

/** A tenant's lane as one document in the `leases` container, written with If-Match (create-if-absent first). */
export class DocumentLaneStore implements LeaseStore {
  constructor(
    private readonly store: DocumentStore<LeaseDocument>,
    private readonly tenantId: string,
    private readonly name: string,
  ) {}

  private get id(): string {
    return `lane.${this.name}`;
  }

  async read(): Promise<{ lease: LeaseRecord; version: string | null }> {
    const stored = await this.store.get(this.tenantId, this.id);
    if (!stored || stored.doc.kind !== 'lane') return { lease: { holder: null, until: 0 }, version: null };
    return { lease: { holder: stored.doc.holder, until: stored.doc.until }, version: stored.etag };
  }

  async write(next: LeaseRecord, version: string | null): Promise<boolean> {
    const doc: LeaseDocument = {
      id: this.id,
      tenantId: this.tenantId,
      kind: 'lane',
      holder: next.holder,
      until: next.until,
    };
    try {
      if (version === null) await this.store.create(doc);
      else await this.store.replace(doc, version);
      return true;
    } catch (e) {
      if (isAppError(e) && (e.kind === 'conflict' || e.kind === 'precondition-failed')) return false;
      throw e;
    }
  }
}
