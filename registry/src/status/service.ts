/**
 * Builds the signed status list tokens that the registry publishes (Token Status List draft,
 * CWT form, 4 bits an entry): the list is read from the database, each certificate's entry set
 * from its registration's status and whether it was superseded, then signed by the status-list
 * signer. A signed token is reused while its list is unchanged (the list's version counter, bumped
 * atomically with every status change) and younger than half its ttl.
 *
 * @example
 * const token = await service.token(1); // { bytes, etag, ttl } or undefined for no such list
 */
import {
  createWebCryptoSigner,
  signStatusListToken,
  STATUS_VALUES,
  type Signer,
} from '@dqcv/shared-cose';
import type { KeyAndCertificate } from '../ca/authority';
import { algOfKey } from '../ca/keys';
import type { RegistryStore } from '../db/store';

export interface StatusListServiceOptions {
  store: RegistryStore;
  signer: KeyAndCertificate;
  now: () => Date;
  /** The list's public address (the token's `sub`, the credential's `uri`). */
  uriOf: (listId: number) => string;
  /** How long a relying party may cache a token (default 300 s). */
  ttlSeconds?: number;
  /** Lifetime of a token (`exp - iat`, default one day). */
  validitySeconds?: number;
}

export interface PublishedToken {
  bytes: Uint8Array;
  etag: string;
  ttl: number;
}

export class StatusListService {
  private readonly cache = new Map<number, PublishedToken & { version: number; iat: number }>();
  private readonly sign: Signer;
  private readonly certificateDer: Uint8Array;
  readonly ttl: number;
  private readonly validity: number;

  constructor(private readonly options: StatusListServiceOptions) {
    const alg = algOfKey(options.signer.privateKey);
    this.sign = createWebCryptoSigner(alg, options.signer.privateKey);
    this.certificateDer = new Uint8Array(options.signer.certificate.rawData);
    this.ttl = options.ttlSeconds ?? 300;
    this.validity = options.validitySeconds ?? 86_400;
  }

  /** The current token of a list, or undefined when the list does not exist. */
  async token(listId: number): Promise<PublishedToken | undefined> {
    const list = await this.options.store.statusList(listId);
    if (!list) return undefined;
    const nowSeconds = Math.floor(this.options.now().getTime() / 1000);
    const cached = this.cache.get(listId);
    if (cached && cached.version === list.version && nowSeconds - cached.iat < this.ttl / 2) {
      return cached;
    }

    const statuses = new Uint8Array(list.size);
    for (const entry of await this.options.store.statusEntries(listId)) {
      statuses[entry.index] = STATUS_VALUES[entry.status];
    }
    const bytes = await signStatusListToken(
      {
        uri: this.options.uriOf(listId),
        iat: nowSeconds,
        exp: nowSeconds + this.validity,
        ttl: this.ttl,
        bits: 4,
        statuses,
      },
      {
        alg: algOfKey(this.options.signer.privateKey),
        sign: this.sign,
        certificate: this.certificateDer,
      },
    );
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
    );
    const etag = `"${[...digest.subarray(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
    const published = { bytes, etag, ttl: this.ttl, version: list.version, iat: nowSeconds };
    this.cache.set(listId, published);
    return published;
  }
}
