/**
 * The EU DCC test data (../shared/vectors/dgc-testdata, read in place): every case that states
 * EXPECTEDVERIFY has its COSE_Sign1 taken from its QR text (HC1: prefix, base45, zlib) and
 * verified with the key of its CERTIFICATE, pinned, through our decoder, algorithm policy and
 * signature check. Where our policy is stricter than a case, the case is named and our answer
 * asserted. A signature check does not depend on time, so VALIDATIONCLOCK does not enter here:
 * the certificate's validity at that clock is what EXPECTEDEXPIRATIONCHECK tests, not this.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { unzlibSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSign1 } from '../src/cose/sign1';
import { sign1Algorithm, verifySign1 } from '../src/cose/verify-sign1';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import { defaultPolicy } from '../src/policy';
import type { ReasonCode } from '../src/types';
import { hex } from './cose-helpers';
import { listVectorFiles, readVectorText, vectorsLocation } from './vectors';

const DIR = 'dgc-testdata/';
const listed = await listVectorFiles(DIR);
const present = listed !== undefined;
if (!present) {
  console.warn(`dgc-testdata not found at ${vectorsLocation()}${DIR}: these tests are skipped`);
}

const P384_UNDER_ES256 = {
  code: 'signature_invalid' as const,
  why: 'ES256 with a P-384 key (ES256 is bound to P-256; the data lists it in known_issues.csv)',
};

/** Cases where we answer otherwise than EXPECTEDVERIFY (all expect true), on purpose. */
const DEVIATIONS: Record<string, { code: ReasonCode; why: string }> = {
  'common/2DCode/raw/CO20.json': {
    code: 'unsupported_algorithm',
    why: 'alg only in the unprotected header (DESIGN §4)',
  },
  'common/2DCode/raw/CO21.json': {
    code: 'malformed',
    why: 'kid in both headers (we refuse a label in both buckets, RFC 9052 §3)',
  },
  'ES/2DCode/raw/401.json': P384_UNDER_ES256,
  'ES/2DCode/raw/402.json': P384_UNDER_ES256,
  'ES/2DCode/raw/403.json': P384_UNDER_ES256,
};

interface Case {
  path: string;
  expectVerify: boolean;
  prefix?: string;
  coseHex?: string;
  certificate?: string;
}

async function load(): Promise<Case[]> {
  const files = (listed ?? []).filter((f) => f.endsWith('.json'));
  const texts = await Promise.all(files.map((f) => readVectorText(`${DIR}${f}`)));
  const cases: Case[] = [];
  for (const [i, file] of files.entries()) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(texts[i]!);
    } catch {
      continue;
    }
    const expected = (data.EXPECTEDRESULTS ?? {}) as Record<string, unknown>;
    if (typeof expected.EXPECTEDVERIFY !== 'boolean') continue;
    const ctx = (data.TESTCTX ?? {}) as Record<string, unknown>;
    cases.push({
      path: file,
      expectVerify: expected.EXPECTEDVERIFY,
      prefix: typeof data.PREFIX === 'string' ? data.PREFIX : undefined,
      coseHex: typeof data.COSE === 'string' ? data.COSE : undefined,
      certificate: typeof ctx.CERTIFICATE === 'string' ? ctx.CERTIFICATE : undefined,
    });
  }
  return cases;
}

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** Base45 (RFC 9285): pairs of bytes as three characters, a last single byte as two. */
function base45(text: string): Uint8Array | null {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 3) {
    const chunk = text.slice(i, i + 3);
    const v = [...chunk].map((c) => B45.indexOf(c));
    if (v.some((d) => d < 0) || chunk.length === 1) return null;
    const n = v[0]! + v[1]! * 45 + (v[2] ?? 0) * 2025;
    if (chunk.length === 3) {
      if (n > 0xffff) return null;
      out.push(n >> 8, n & 0xff);
    } else {
      if (n > 0xff) return null;
      out.push(n);
    }
  }
  return Uint8Array.from(out);
}

/** Adler-32 (RFC 1950 §9), checked after inflating as a zlib reader does. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950) inflated, its trailing Adler-32 checked. */
function unzlib(bytes: Uint8Array): Uint8Array {
  const out = unzlibSync(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(bytes.length - 4) !== adler32(out)) throw new Error('zlib: Adler-32 mismatch');
  return out;
}

/** Standard base64 to bytes; like a lenient decoder, characters outside the alphabet are dropped. */
function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text.replace(/[^A-Za-z0-9+/]/g, '')), (c) => c.charCodeAt(0));
}

/** The COSE bytes of a case from its QR text, or from its COSE field when the text is unusable. */
function coseOf(c: Case): { bytes: Uint8Array; from: 'qr' | 'cose' } | null {
  if (c.prefix?.startsWith('HC1:')) {
    const b = base45(c.prefix.slice(4));
    if (b) {
      try {
        return { bytes: b[0] === 0x78 ? unzlib(b) : b, from: 'qr' };
      } catch {
        // fall through to the COSE field
      }
    }
  }
  return c.coseHex ? { bytes: hex(c.coseHex), from: 'cose' } : null;
}

async function spkiOf(certificateB64: string): Promise<Uint8Array> {
  const cert = new x509.X509Certificate(base64Bytes(certificateB64));
  return new Uint8Array(cert.publicKey.rawData);
}

const backend = createWebCryptoBackend();
const policy = { allowedAlgorithms: defaultPolicy.allowedAlgorithms };

/** Our answer: null when the signature verifies with the pinned certificate, else the code. */
async function answer(c: Case): Promise<ReasonCode | 'no_input' | null> {
  const cose = coseOf(c);
  if (!cose || !c.certificate) return 'no_input';
  if (cose.from === 'qr') tally.fromQr++;
  const d = decodeSign1(cose.bytes);
  if (!d.ok) return d.code;
  const alg = sign1Algorithm(d.sign1, policy);
  if (!alg.ok) return alg.code;
  let spki: Uint8Array;
  try {
    spki = await spkiOf(c.certificate);
  } catch {
    return 'unknown_signer';
  }
  const r = await verifySign1(d.sign1, { alg: alg.alg, spki, crypto: backend });
  return r.ok ? null : r.code;
}

const cases = await load();
const tally = { pass: 0, deviations: 0, fromQr: 0 };

describe.skipIf(!present)('dgc-testdata: EXPECTEDVERIFY with the pinned CERTIFICATE', () => {
  afterAll(() => {
    console.log(
      `dgc-testdata: ${tally.pass} of ${cases.length} cases as EXPECTEDVERIFY says, ` +
        `${tally.deviations} named deviations; ${tally.fromQr} read from their HC1 QR text`,
    );
  });

  for (const c of cases) {
    const deviation = DEVIATIONS[c.path];
    const label = deviation
      ? `${c.path}: deviation, ${deviation.why} → ${deviation.code}`
      : `${c.path} → ${c.expectVerify ? 'verifies' : 'does not verify'}`;
    it(label, async () => {
      const got = await answer(c);
      if (deviation) {
        expect(c.expectVerify).toBe(true);
        expect(got).toBe(deviation.code);
        tally.deviations++;
        return;
      }
      expect(got).not.toBe('no_input');
      if (c.expectVerify) expect(got).toBeNull();
      else expect(got).not.toBeNull();
      tally.pass++;
    });
  }
});
