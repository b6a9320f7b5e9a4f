/**
 * The query layer for registrations, certificates, status history and status-list entries. It
 * runs unchanged on SQLite and D1: every change is one atomic statement list
 * (`RegistryStorage.atomic`), and values that depend on current rows (the previous status, the
 * next free status-list index) are computed inside SQL, so two concurrent changes cannot both
 * read the same state and lose one another.
 *
 * @example
 * const store = new RegistryStore(storage);
 * const entry = await store.allocateStatusEntry(new Date());
 */
import { sql, type CompiledQuery } from 'kysely';
import type { RegistrationStatus, RegistrationsTable } from './schema';
import type { RegistryStorage } from './storage';

/** Entries per status list (4 bits each: 8 KiB before compression). */
export const DEFAULT_STATUS_LIST_SIZE = 16_384;

/** The status a certificate has for verifiers (types.ts `QualificationStatus`). */
export type CertificateStatus = 'valid' | 'revoked' | 'suspended' | 'deleted' | 'superseded';

export type NewRegistration = Omit<
  RegistrationsTable,
  'status' | 'status_changed_at' | 'created_at'
>;

export interface NewCertificate {
  id: string;
  registrationId: string;
  kid: string;
  alg: string;
  statusListId: number;
  statusIndex: number;
  url: string;
  recordJson: string;
}

export interface CertificateRow {
  id: string;
  registrationId: string;
  kid: string;
  alg: string;
  issuedAt: string;
  statusListId: number;
  statusIndex: number;
  supersededBy: string | null;
  url: string;
  recordJson: string;
  registrationStatus: RegistrationStatus;
  status: CertificateStatus;
  updatedAt: string;
}

export interface HistoryEntry {
  at: string;
  from: RegistrationStatus | null;
  to: RegistrationStatus;
  reason: string | null;
  actor: string;
}

/** What a status change did: written, refused because 削除 is final, or no such registration. */
export type SetStatusResult = 'changed' | 'final' | 'unknown';

/** Whom a change is attributed to, and when it happened. */
export interface ChangeContext {
  actor: string;
  at: Date;
}

export class RegistryStore {
  constructor(
    private readonly storage: RegistryStorage,
    private readonly statusListSize: number = DEFAULT_STATUS_LIST_SIZE,
  ) {}

  /**
   * Takes the next free index of the newest status list, opening a new list when it is full.
   * One atomic list: the "open a list" insert only fires when no list has room.
   */
  async allocateStatusEntry(at: Date): Promise<{ listId: number; index: number }> {
    const db = this.storage.db;
    const openList = sql`INSERT INTO status_lists (id, size, next_index, version, created_at)
      SELECT next_id, ${this.statusListSize}, 0, 0, ${at.toISOString()}
      FROM (SELECT coalesce(max(id), 0) + 1 AS next_id FROM status_lists)
      WHERE NOT EXISTS (SELECT 1 FROM status_lists
        WHERE id = (SELECT max(id) FROM status_lists) AND next_index < size)`.compile(db);
    const take = sql`UPDATE status_lists SET next_index = next_index + 1
      WHERE id = (SELECT max(id) FROM status_lists) AND next_index < size
      RETURNING id AS list_id, next_index - 1 AS idx`.compile(db);
    const [, rows] = await this.storage.atomic([openList, take]);
    const row = rows?.[0];
    if (!row) throw new Error('status list allocation returned no row');
    return { listId: Number(row.list_id), index: Number(row.idx) };
  }

  /** Records a new registration (active) with its first certificate, and the history entry. */
  async insertRegistration(
    registration: NewRegistration,
    certificate: NewCertificate,
    change: ChangeContext,
  ): Promise<void> {
    const db = this.storage.db;
    const at = change.at.toISOString();
    await this.storage.atomic([
      db
        .insertInto('registrations')
        .values({ ...registration, status: 'active', status_changed_at: at, created_at: at })
        .compile(),
      db
        .insertInto('status_history')
        .values({
          registration_id: registration.id,
          at,
          from_status: null,
          to_status: 'active',
          reason: 'registered',
          actor: change.actor,
        })
        .compile(),
      this.insertCertificateQuery(certificate, at),
    ]);
  }

  /**
   * Adds a certificate to an existing registration, marks every earlier one superseded and
   * appends a history entry (status unchanged, reason `reissued: <new> supersedes <old>`), in
   * one atomic list. `holderName` updates the registration (a name change is the usual cause).
   */
  async reissue(
    certificate: NewCertificate,
    holderName: string | undefined,
    change: ChangeContext,
  ): Promise<void> {
    const db = this.storage.db;
    const at = change.at.toISOString();
    const queries: CompiledQuery[] = [
      this.insertCertificateQuery(certificate, at),
      // Before the supersede update, so the subquery still sees the certificate being replaced.
      // Ids only in the reason: they are no personal data.
      sql`INSERT INTO status_history (registration_id, at, from_status, to_status, reason, actor)
        SELECT r.id, ${at}, r.status, r.status,
          'reissued: ' || ${certificate.id} || ' supersedes ' || coalesce(
            (SELECT group_concat(c.id, ', ') FROM certificates c
              WHERE c.registration_id = r.id AND c.superseded_by IS NULL
                AND c.id <> ${certificate.id}),
            'none'),
          ${change.actor}
        FROM registrations r WHERE r.id = ${certificate.registrationId}`.compile(db),
      db
        .updateTable('certificates')
        .set({ superseded_by: certificate.id, superseded_at: at })
        .where('registration_id', '=', certificate.registrationId)
        .where('superseded_by', 'is', null)
        .where('id', '<>', certificate.id)
        .compile(),
      this.bumpListsOf(certificate.registrationId),
    ];
    if (holderName !== undefined) {
      queries.push(
        db
          .updateTable('registrations')
          .set({ holder_name: holderName })
          .where('id', '=', certificate.registrationId)
          .compile(),
      );
    }
    await this.storage.atomic(queries);
  }

  /**
   * Sets a registration's status and appends the history entry; the previous status is read by
   * the same atomic list, so concurrent changes each record what they really replaced. 削除
   * (`deleted`) is final: a change from it to another status writes nothing and answers
   * `'final'`, decided inside SQL so a concurrent deletion cannot slip between check and write.
   */
  async setStatus(
    registrationId: string,
    to: RegistrationStatus,
    reason: string | null,
    change: ChangeContext,
  ): Promise<SetStatusResult> {
    const db = this.storage.db;
    const at = change.at.toISOString();
    const allowed = sql`(status <> 'deleted' OR ${to} = 'deleted')`;
    const [history] = await this.storage.atomic([
      sql`INSERT INTO status_history (registration_id, at, from_status, to_status, reason, actor)
        SELECT id, ${at}, status, ${to}, ${reason}, ${change.actor}
        FROM registrations WHERE id = ${registrationId} AND ${allowed}
        RETURNING id`.compile(db),
      sql`UPDATE registrations SET status = ${to}, status_changed_at = ${at}
        WHERE id = ${registrationId} AND ${allowed}`.compile(db),
      this.bumpListsOf(registrationId),
    ]);
    if ((history?.length ?? 0) > 0) return 'changed';
    return (await this.getRegistration(registrationId)) ? 'final' : 'unknown';
  }

  async getRegistration(id: string): Promise<RegistrationsTable | undefined> {
    return this.storage.db
      .selectFrom('registrations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async getCertificate(id: string): Promise<CertificateRow | undefined> {
    const row = await this.certificateQuery().where('c.id', '=', id).executeTakeFirst();
    return row ? toCertificateRow(row) : undefined;
  }

  /** The newest certificate of a registration (the one not superseded). */
  async currentCertificate(registrationId: string): Promise<CertificateRow | undefined> {
    const row = await this.certificateQuery()
      .where('c.registration_id', '=', registrationId)
      .where('c.superseded_by', 'is', null)
      .executeTakeFirst();
    return row ? toCertificateRow(row) : undefined;
  }

  async history(registrationId: string): Promise<HistoryEntry[]> {
    const rows = await this.storage.db
      .selectFrom('status_history')
      .select(['at', 'from_status', 'to_status', 'reason', 'actor'])
      .where('registration_id', '=', registrationId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      at: r.at,
      from: r.from_status,
      to: r.to_status,
      reason: r.reason,
      actor: r.actor,
    }));
  }

  /** A status list's size and change counter, or undefined when no such list exists. */
  async statusList(listId: number): Promise<{ size: number; version: number } | undefined> {
    return this.storage.db
      .selectFrom('status_lists')
      .select(['size', 'version'])
      .where('id', '=', listId)
      .executeTakeFirst();
  }

  /** Every allocated entry of a list with its certificate's current status. */
  async statusEntries(listId: number): Promise<{ index: number; status: CertificateStatus }[]> {
    const rows = await this.storage.db
      .selectFrom('certificates as c')
      .innerJoin('registrations as r', 'r.id', 'c.registration_id')
      .select(['c.status_index', 'c.superseded_by', 'r.status'])
      .where('c.status_list_id', '=', listId)
      .execute();
    return rows.map((r) => ({
      index: r.status_index,
      status: effectiveStatus(r.status, r.superseded_by),
    }));
  }

  private insertCertificateQuery(certificate: NewCertificate, at: string): CompiledQuery {
    return this.storage.db
      .insertInto('certificates')
      .values({
        id: certificate.id,
        registration_id: certificate.registrationId,
        kid: certificate.kid,
        alg: certificate.alg,
        issued_at: at,
        status_list_id: certificate.statusListId,
        status_index: certificate.statusIndex,
        superseded_by: null,
        superseded_at: null,
        url: certificate.url,
        record_json: certificate.recordJson,
      })
      .compile();
  }

  private bumpListsOf(registrationId: string): CompiledQuery {
    return sql`UPDATE status_lists SET version = version + 1
      WHERE id IN (SELECT status_list_id FROM certificates
        WHERE registration_id = ${registrationId})`.compile(this.storage.db);
  }

  private certificateQuery() {
    return this.storage.db
      .selectFrom('certificates as c')
      .innerJoin('registrations as r', 'r.id', 'c.registration_id')
      .select([
        'c.id',
        'c.registration_id',
        'c.kid',
        'c.alg',
        'c.issued_at',
        'c.status_list_id',
        'c.status_index',
        'c.superseded_by',
        'c.superseded_at',
        'c.url',
        'c.record_json',
        'r.status',
        'r.status_changed_at',
      ]);
  }
}

/** A registration that is not active decides; otherwise a superseded certificate is superseded. */
export function effectiveStatus(
  registration: RegistrationStatus,
  supersededBy: string | null,
): CertificateStatus {
  if (registration !== 'active') return registration;
  return supersededBy === null ? 'valid' : 'superseded';
}

function toCertificateRow(r: {
  id: string;
  registration_id: string;
  kid: string;
  alg: string;
  issued_at: string;
  status_list_id: number;
  status_index: number;
  superseded_by: string | null;
  superseded_at: string | null;
  url: string;
  record_json: string;
  status: RegistrationStatus;
  status_changed_at: string;
}): CertificateRow {
  const changes = [r.issued_at, r.status_changed_at, r.superseded_at ?? ''].sort();
  return {
    id: r.id,
    registrationId: r.registration_id,
    kid: r.kid,
    alg: r.alg,
    issuedAt: r.issued_at,
    statusListId: r.status_list_id,
    statusIndex: r.status_index,
    supersededBy: r.superseded_by,
    url: r.url,
    recordJson: r.record_json,
    registrationStatus: r.status,
    status: effectiveStatus(r.status, r.superseded_by),
    updatedAt: changes[changes.length - 1] ?? r.issued_at,
  };
}
