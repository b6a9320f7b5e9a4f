/**
 * The query layer for the certification authority's records: signer certificates (with their
 * revocation) and the CRLs it has published. Private keys are never stored here.
 *
 * @example
 * const signers = await new PkiStore(storage).signers();
 */
import { sql } from 'kysely';
import type { CrlsTable, SignersTable } from './schema';
import type { RegistryStorage } from './storage';

export class PkiStore {
  constructor(private readonly storage: RegistryStorage) {}

  async signers(): Promise<SignersTable[]> {
    return this.storage.db.selectFrom('signers').selectAll().orderBy('kid').execute();
  }

  async addSigner(row: Omit<SignersTable, 'revoked_at' | 'revocation_reason'>): Promise<void> {
    await this.storage.atomic([
      this.storage.db
        .insertInto('signers')
        .values({ ...row, revoked_at: null, revocation_reason: null })
        .compile(),
    ]);
  }

  /**
   * Marks a signer revoked; answers false when it does not exist or was already revoked (the
   * first revocation time stands).
   */
  async revokeSigner(kid: string, reason: string | null, at: Date): Promise<boolean> {
    const [rows] = await this.storage.atomic([
      sql`UPDATE signers SET revoked_at = ${at.toISOString()}, revocation_reason = ${reason}
        WHERE kid = ${kid} AND revoked_at IS NULL RETURNING kid`.compile(this.storage.db),
    ]);
    return (rows?.length ?? 0) > 0;
  }

  async latestCrl(): Promise<CrlsTable | undefined> {
    return this.storage.db
      .selectFrom('crls')
      .selectAll()
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Stores a CRL; answers false if another writer already stored this CRL number. */
  async saveCrl(row: CrlsTable): Promise<boolean> {
    const [rows] = await this.storage.atomic([
      sql`INSERT INTO crls (number, this_update, next_update, der_base64)
        VALUES (${row.number}, ${row.this_update}, ${row.next_update}, ${row.der_base64})
        ON CONFLICT (number) DO NOTHING RETURNING number`.compile(this.storage.db),
    ]);
    return (rows?.length ?? 0) > 0;
  }
}
