/**
 * Status list tokens in CWT form (Token Status List draft §5.2): a COSE_Sign1 (RFC 9052 §4.2,
 * tag 18) with protected `{1: alg, 16: "application/statuslist+cwt"}`, the signer's certificate
 * in `x5chain` (label 33, RFC 9360 §2), and CWT claims `{2: sub (the list's URI), 6: iat,
 * 4: exp, 65534: ttl, 65533: {"bits", "lst"}}` (docs/ARCHITECTURE.md).
 *
 * @example
 * const bytes = await signStatusListToken(
 *   { uri, iat, exp, ttl, bits: 4, statuses: [0, 1, 12] },
 *   { alg: 'ES256', sign: createWebCryptoSigner('ES256', key), certificate: certDer },
 * );
 * const decoded = decodeStatusListToken(bytes); // { ok: true, token } or { ok: false, detail }
 */
import { decodeCbor, encodeCbor } from '../codec/cbor';
import { sigStructure1 } from '../cose/sig-structure';
import { decodeSign1 } from '../cose/sign1';
import { signSign1 } from '../cose/sign';
import { algFromCoseId } from '../crypto/algorithms';
import type { Signer } from '../crypto/signers';
import { ALG_IDS, type AlgName } from '../types';
import {
  compressStatusBits,
  decompressStatusBits,
  isStatusBits,
  packStatusBits,
  type StatusBits,
} from './bits';

export const STATUS_LIST_CWT_TYPE = 'application/statuslist+cwt';

/** Claim keys (RFC 8392 §4 and the draft's CWT claim registrations). */
const CLAIM = { sub: 2, exp: 4, iat: 6, ttl: 65534, statusList: 65533 } as const;

/** Upper bound on a decompressed list (4 Mi entries at 4 bits), against inflation bombs. */
export const MAX_STATUS_LIST_BYTES = 2 * 1024 * 1024;

export interface StatusListContent {
  /** The list's own address (claim `sub`); a verifier checks it is the one it asked for. */
  uri: string;
  /** Seconds since the epoch. */
  iat: number;
  exp?: number;
  /** Seconds a relying party may cache the token (the draft's `ttl`). */
  ttl?: number;
  bits: StatusBits;
}

export interface StatusListToken extends StatusListContent {
  alg: AlgName;
  /** x5chain, leaf first (one certificate in our tokens). */
  x5chain: Uint8Array[];
  /** The decompressed, packed entries. */
  list: Uint8Array;
  /** Sig_structure bytes the signature covers (RFC 9052 §4.4), for the verifier. */
  toBeSigned: Uint8Array;
  signature: Uint8Array;
}

export interface StatusListSigning {
  alg: AlgName;
  sign: Signer;
  /** DER of the status-list signer's certificate, placed in x5chain. */
  certificate: Uint8Array;
}

export type StatusListDecode = { ok: true; token: StatusListToken } | { ok: false; detail: string };

/** Builds and signs a token holding `statuses` (entry values, index = position). */
export async function signStatusListToken(
  content: StatusListContent & { statuses: ArrayLike<number> },
  signing: StatusListSigning,
): Promise<Uint8Array> {
  const claims = new Map<number, unknown>([
    [CLAIM.sub, content.uri],
    [CLAIM.iat, content.iat],
  ]);
  if (content.exp !== undefined) claims.set(CLAIM.exp, content.exp);
  if (content.ttl !== undefined) claims.set(CLAIM.ttl, content.ttl);
  const lst = compressStatusBits(packStatusBits(content.statuses, content.bits));
  claims.set(
    CLAIM.statusList,
    new Map<string, unknown>([
      ['bits', content.bits],
      ['lst', lst],
    ]),
  );

  return signSign1(
    {
      protectedHeader: { alg: ALG_IDS[signing.alg], typ: STATUS_LIST_CWT_TYPE },
      unprotectedHeader: { x5chain: [signing.certificate] },
      payload: encodeCbor(claims),
    },
    signing.sign,
  );
}

/**
 * Decodes a token and checks the type of every member; the signature is not checked here
 * (see `createStatusListSource`). Tagged (18) or untagged COSE_Sign1 is accepted.
 */
export function decodeStatusListToken(bytes: Uint8Array): StatusListDecode {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  const decoded = decodeSign1(bytes);
  if (!decoded.ok) return fail(decoded.detail);
  const { protectedHeader, unprotectedHeader, protectedBytes, payload, signature } = decoded.sign1;
  const alg =
    typeof protectedHeader.alg === 'number' ? algFromCoseId(protectedHeader.alg) : undefined;
  if (!alg) return fail('alg missing or unknown');
  if (protectedHeader.typ !== STATUS_LIST_CWT_TYPE) return fail('typ is not statuslist+cwt');
  const x5chain = unprotectedHeader.x5chain ?? protectedHeader.x5chain;
  if (!x5chain || x5chain.length === 0) return fail('x5chain missing');

  const claims = decodeCbor(payload);
  if (!claims.ok || !(claims.value instanceof Map)) return fail('claims are not a map');
  const content = readClaims(claims.value);
  if (typeof content === 'string') return fail(content);

  return {
    ok: true,
    token: {
      ...content.claims,
      alg,
      x5chain,
      list: content.list,
      toBeSigned: sigStructure1(protectedBytes, payload),
      signature,
    },
  };
}

function readClaims(
  claims: Map<unknown, unknown>,
): { claims: StatusListContent; list: Uint8Array } | string {
  const uri = claims.get(CLAIM.sub);
  if (typeof uri !== 'string') return 'sub (the list URI) missing';
  const iat = claims.get(CLAIM.iat);
  if (!isUint(iat)) return 'iat missing';
  const exp = claims.get(CLAIM.exp);
  if (exp !== undefined && !isUint(exp)) return 'exp is not a number';
  const ttl = claims.get(CLAIM.ttl);
  if (ttl !== undefined && !isUint(ttl)) return 'ttl is not a number';

  const statusList = claims.get(CLAIM.statusList);
  if (!(statusList instanceof Map)) return 'status_list claim missing';
  const bits = statusList.get('bits');
  if (!isStatusBits(bits)) return 'bits is not 1, 2, 4 or 8';
  const lst = statusList.get('lst');
  if (!(lst instanceof Uint8Array)) return 'lst is not a bstr';
  const list = decompressStatusBits(lst, MAX_STATUS_LIST_BYTES);
  if (!list) return 'lst is not a ZLIB stream within the size limit';

  const out: StatusListContent = { uri, iat, bits };
  if (exp !== undefined) out.exp = exp;
  if (ttl !== undefined) out.ttl = ttl;
  return { claims: out, list };
}

function isUint(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function fail(detail: string): StatusListDecode {
  return { ok: false, detail };
}
