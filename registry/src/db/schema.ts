/**
 * The registry's tables as Kysely types. One schema for SQLite (better-sqlite3) and Cloudflare
 * D1; the DDL lives in `migrations.ts` and, for `wrangler d1 migrations apply`, in
 * `registry/migrations/*.sql` (a test keeps the two identical in effect).
 */
import type { Generated } from 'kysely';

/** Registration status (DESIGN §1): 一時停止 can be lifted, 取消 and 削除 are final in practice. */
export type RegistrationStatus = 'active' | 'suspended' | 'revoked' | 'deleted';

export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = [
  'active',
  'suspended',
  'revoked',
  'deleted',
];

export interface RegistrationsTable {
  id: string;
  qualification_name: string;
  qualification_id: string | null;
  kind_code: string | null;
  holder_name: string;
  holder_code: string | null;
  birth_date: string;
  registration_number: string;
  registration_date: string;
  issuing_body: string;
  issuer_name: string | null;
  status: RegistrationStatus;
  status_changed_at: string;
  created_at: string;
}

export interface CertificatesTable {
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
  /** The signed record (CredentialRecord) as JSON, for the admin view. */
  record_json: string;
}

export interface StatusHistoryTable {
  id: Generated<number>;
  registration_id: string;
  at: string;
  from_status: RegistrationStatus | null;
  to_status: RegistrationStatus;
  reason: string | null;
  /** A short hash of the admin token that made the change, never the token. */
  actor: string;
}

export interface SignersTable {
  kid: string;
  alg: string;
  certificate_pem: string;
  serial_number: string;
  created_at: string;
  revoked_at: string | null;
  revocation_reason: string | null;
}

export interface StatusListsTable {
  id: number;
  size: number;
  next_index: number;
  /** Bumped in the same batch as every change that alters an entry, so caches can key on it. */
  version: number;
  created_at: string;
}

export interface CrlsTable {
  number: number;
  this_update: string;
  next_update: string;
  der_base64: string;
}

export interface Database {
  registrations: RegistrationsTable;
  certificates: CertificatesTable;
  status_history: StatusHistoryTable;
  signers: SignersTable;
  status_lists: StatusListsTable;
  crls: CrlsTable;
}
