/**
 * The certification authority at run time: its root and role keys, the signer certificates
 * (kept in the database, keys kept by the host), signer rotation and revocation, and the CRL,
 * renewed before its nextUpdate and re-issued at once when a signer is revoked.
 *
 * @example
 * const ca = new CertificationAuthority({ material, store: new PkiStore(storage), now });
 * const der = await ca.currentCrl();
 */
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import type { SignersTable } from '../db/schema';
import type { PkiStore } from '../db/pki-store';
import { issueLeaf } from './certificates';
import { createCrl, crlNeedsRenewal, DEFAULT_CRL_VALIDITY_MS } from './crl';
import { exportPrivateKeyPem, generateKeys, type CaAlg } from './keys';

export interface KeyAndCertificate {
  certificate: X509Certificate;
  privateKey: CryptoKey;
}

/** The key material the host loads (Node: the data directory; Workers: secrets). */
export interface CaMaterial {
  root: KeyAndCertificate;
  statusList: KeyAndCertificate;
  verifier: { certificate: X509Certificate };
  /** Private keys of credential signers by kid; their certificates are in the database. */
  signerKeys: Map<string, CryptoKey>;
}

/** Where a host keeps what the CA creates at run time; absent where keys cannot be written. */
export interface KeyPersistence {
  saveSigner(kid: string, privateKeyPem: string, certificatePem: string): Promise<void>;
  saveCrl(der: Uint8Array): Promise<void>;
}

export interface SignerRecord {
  kid: string;
  alg: CaAlg;
  certificate: X509Certificate;
  certificatePem: string;
  revokedAt: Date | null;
}

export interface CaOptions {
  material: CaMaterial;
  store: PkiStore;
  now: () => Date;
  persistence?: KeyPersistence;
  crlValidityMs?: number;
}

/** Thrown when an operation needs something this deployment does not have (e.g. key storage). */
export class CaUnsupportedError extends Error {}

/** Kid of the n-th demo signer: `D-000001`… (never `P-…`, the real system's prefix). */
export function demoKid(n: number): string {
  return `D-${String(n).padStart(6, '0')}`;
}

export class CertificationAuthority {
  private readonly parsed = new Map<string, X509Certificate>();
  private crlRenewal: Promise<Uint8Array> | null = null;

  constructor(private readonly options: CaOptions) {}

  get root(): X509Certificate {
    return this.options.material.root.certificate;
  }

  get statusListSigner(): KeyAndCertificate {
    return this.options.material.statusList;
  }

  get verifierCertificate(): X509Certificate {
    return this.options.material.verifier.certificate;
  }

  /** Every signer ever issued, revoked ones included (verifiers then see the CRL decide). */
  async signers(): Promise<SignerRecord[]> {
    const rows = await this.options.store.signers();
    return rows.map((row) => this.toRecord(row));
  }

  /**
   * The signer to issue with: the newest unrevoked signer of `alg` whose key this host holds,
   * or undefined when there is none.
   */
  async activeSigner(alg: CaAlg): Promise<(SignerRecord & { privateKey: CryptoKey }) | undefined> {
    const candidates = (await this.signers())
      .filter((s) => s.alg === alg && s.revokedAt === null)
      .reverse();
    for (const signer of candidates) {
      const privateKey = this.options.material.signerKeys.get(signer.kid);
      if (privateKey) return { ...signer, privateKey };
    }
    return undefined;
  }

  /** Issues a new credential signer (key rotation); earlier signers stay trusted. */
  async addSigner(alg: CaAlg): Promise<SignerRecord> {
    const persistence = this.options.persistence;
    if (!persistence) throw new CaUnsupportedError('this deployment cannot store new keys');

    const existing = await this.options.store.signers();
    const numbers = existing.map((s) => Number(/^D-(\d+)$/.exec(s.kid)?.[1] ?? 0));
    const kid = demoKid(Math.max(0, ...numbers) + 1);

    const keys = await generateKeys(alg);
    const certificate = await issueLeaf(this.root, this.options.material.root.privateKey, {
      role: 'credentialSigner',
      commonName: `DQCV Demo Credential Signer ${kid}`,
      publicKey: keys.publicKey,
      now: this.options.now(),
    });
    const certificatePem = certificate.toString('pem');
    await persistence.saveSigner(kid, await exportPrivateKeyPem(keys.privateKey), certificatePem);
    await this.options.store.addSigner({
      kid,
      alg,
      certificate_pem: certificatePem,
      serial_number: certificate.serialNumber,
      created_at: this.options.now().toISOString(),
    });
    this.options.material.signerKeys.set(kid, keys.privateKey);
    return { kid, alg, certificate, certificatePem, revokedAt: null };
  }

  /** Revokes a signer and publishes a new CRL at once. False when unknown or already revoked. */
  async revokeSigner(kid: string, reason: string | null): Promise<boolean> {
    const revoked = await this.options.store.revokeSigner(kid, reason, this.options.now());
    if (revoked) await this.publishCrl();
    return revoked;
  }

  /** The current CRL (DER), issuing a new one first when none exists or it is half-expired. */
  async currentCrl(): Promise<Uint8Array> {
    const latest = await this.options.store.latestCrl();
    const now = this.options.now();
    if (
      latest &&
      !crlNeedsRenewal(new Date(latest.this_update), new Date(latest.next_update), now)
    ) {
      return base64ToBytes(latest.der_base64);
    }
    return this.publishCrl();
  }

  /** Issues and stores a new CRL; concurrent callers in one process share one issuance. */
  publishCrl(): Promise<Uint8Array> {
    this.crlRenewal ??= this.issueCrl().finally(() => {
      this.crlRenewal = null;
    });
    return this.crlRenewal;
  }

  private async issueCrl(): Promise<Uint8Array> {
    // Another process may publish the same number first; then take the next one.
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = await this.options.store.latestCrl();
      const revoked = (await this.signers())
        .filter((s) => s.revokedAt !== null)
        .map((s) => ({ serialNumber: s.certificate.serialNumber, revokedAt: s.revokedAt! }));
      const thisUpdate = this.options.now();
      const crl = await createCrl({
        root: this.root,
        rootKey: this.options.material.root.privateKey,
        number: (latest?.number ?? 0) + 1,
        thisUpdate,
        validityMs: this.options.crlValidityMs ?? DEFAULT_CRL_VALIDITY_MS,
        revoked,
      });
      const der = new Uint8Array(crl.rawData);
      const saved = await this.options.store.saveCrl({
        number: (latest?.number ?? 0) + 1,
        this_update: thisUpdate.toISOString(),
        next_update: crl.nextUpdate!.toISOString(),
        der_base64: bytesToBase64(der),
      });
      if (saved) {
        await this.options.persistence?.saveCrl(der);
        return der;
      }
    }
    throw new Error('could not publish a CRL: CRL numbers kept colliding');
  }

  private toRecord(row: SignersTable): SignerRecord {
    let certificate = this.parsed.get(row.kid);
    if (!certificate) {
      certificate = new X509Certificate(row.certificate_pem);
      this.parsed.set(row.kid, certificate);
    }
    return {
      kid: row.kid,
      alg: row.alg as CaAlg,
      certificate,
      certificatePem: row.certificate_pem,
      revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
    };
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}
