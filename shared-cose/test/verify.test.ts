import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Url } from '../src/codec/base64';
import { encodeCbor, tagged } from '../src/codec/cbor';
import { encodeCredentialPayload } from '../src/codec/payload';
import { defaultPolicy } from '../src/policy';
import { createWebCryptoBackend } from '../src/crypto/webcrypto';
import type { CheckName, CryptoBackend, ReasonCode, Verdict } from '../src/types';
import type { TrustStore } from '../src/x509/trust-store';
import { verifyCredential, type VerifyContext } from '../src/verify';
import { hex, toHex, utf8 } from './cose-helpers';
import { BASE, RECORD, context, issue, issueUrl } from './verify-fixtures';
import { makeRoot, makeSigner, type TestCa, type TestSigner } from './verify-pki';

let ca: TestCa;
let ps: TestSigner;
let es: TestSigner;
let ed: TestSigner;
let ctx: VerifyContext;

beforeAll(async () => {
  ca = await makeRoot();
  [ps, es, ed] = await Promise.all([
    makeSigner(ca, 'PS256', { serial: '1001' }),
    makeSigner(ca, 'ES256', { serial: '1002' }),
    makeSigner(ca, 'EdDSA', { serial: '1003' }),
  ]);
  ctx = await context(ca, [
    { kid: 'D-000001', certificate: ps.der },
    { kid: 'D-000002', certificate: es.der },
    { kid: 'D-000003', certificate: ed.der },
  ]);
});

const statuses = (v: Verdict) => Object.fromEntries(v.checks.map((c) => [c.name, c.status]));

function expectValid(v: Verdict) {
  expect(v.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  expect(v.reasons).toEqual([]);
  expect(v.result).toBe('valid');
  expect(v.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
}

/** An invalid verdict whose only reason is `code`, failing at `at`, with every later check skipped. */
function expectInvalid(v: Verdict, code: ReasonCode, at: CheckName) {
  expect(v.result).toBe('invalid');
  expect(v.reasons.map((r) => r.code)).toEqual([code]);
  const index = v.checks.findIndex((c) => c.name === at);
  expect(v.checks[index]).toMatchObject({ status: 'fail', code });
  for (const later of v.checks.slice(index + 1)) expect(later.status).toBe('skipped');
}

describe('verifyCredential: well-formed credentials', () => {
  it('finds a PS256 credential in the real wire format valid, with record and signer', async () => {
    const v = await verifyCredential(await issueUrl(ps, 'D-000001'), ctx);
    expectValid(v);
    expect(v.credential).toEqual(RECORD);
    expect(v.signer).toMatchObject({ kid: 'D-000001', alg: 'PS256', trust: 'chain' });
    expect(v.signer?.serialNumber).toMatch(/1001/);
    expect(v.status).toMatchObject({ source: 'registry' });
  });

  it('finds ES256 and EdDSA credentials valid', async () => {
    expectValid(await verifyCredential(await issueUrl(es, 'D-000002'), ctx));
    expectValid(await verifyCredential(await issueUrl(ed, 'D-000003'), ctx));
  });

  it('accepts the COSE bytes themselves', async () => {
    expectValid(await verifyCredential(await issue(es, 'D-000002'), ctx));
  });

  it('accepts standard base64 with + and / placed raw in the query', async () => {
    let cose = await issue(ps, 'D-000001');
    for (let i = 0; i < 20 && !/\+.*\/|\/.*\+/.test(encodeBase64(cose)); i++) {
      cose = await issue(ps, 'D-000001');
    }
    const std = encodeBase64(cose);
    expect(std).toMatch(/\+/);
    expect(std).toMatch(/\//);
    expectValid(await verifyCredential(`${BASE}/w/?c=${std}`, ctx));
  });

  it('accepts the same value unpadded, and as base64url', async () => {
    const cose = await issue(ps, 'D-000001');
    expectValid(
      await verifyCredential(`${BASE}/w/?c=${encodeBase64(cose).replace(/=+$/, '')}`, ctx),
    );
    expectValid(await verifyCredential(`${BASE}/w/?c=${encodeBase64Url(cose)}`, ctx));
  });

  it('accepts a protected map written kid-before-alg, signed over those bytes', async () => {
    const protectedHeader = new Map<number, unknown>([
      [4, utf8('D-000002')],
      [1, -7],
    ]);
    const cose = await issue(es, 'D-000002', { protectedHeader, unprotectedHeader: {} });
    expectValid(await verifyCredential(cose, ctx));
  });

  it('gives reason messages in the requested language', async () => {
    const ja = await verifyCredential('%zz', ctx);
    const en = await verifyCredential('%zz', { ...ctx, lang: 'en' });
    expect(ja.reasons[0]?.message).toBe('証明書データの形式が正しくありません');
    expect(en.reasons[0]?.message).toBe('The certificate data is not well-formed');
  });
});

describe('verifyCredential: decoding', () => {
  it('refuses a value of length 1 mod 4 as malformed', async () => {
    const c = encodeBase64Url(await issue(es, 'D-000002'));
    const bad = c.length % 4 === 0 ? `${c}A` : c.slice(0, c.length - (((c.length % 4) + 3) % 4));
    expect(bad.length % 4).toBe(1);
    expectInvalid(await verifyCredential(`${BASE}/w/?c=${bad}`, ctx), 'malformed', 'decode');
  });

  it('refuses c=%zz and an empty c as malformed', async () => {
    expectInvalid(await verifyCredential(`${BASE}/w/?c=%zz`, ctx), 'malformed', 'decode');
    expectInvalid(await verifyCredential(`${BASE}/w/?c=`, ctx), 'malformed', 'decode');
  });

  it('refuses a URL of another host as not_a_credential_url', async () => {
    const v = await verifyCredential('https://evil.example/w/?c=oQE4JA', ctx);
    expectInvalid(v, 'not_a_credential_url', 'decode');
  });

  it('refuses the byte 9F alone as malformed', async () => {
    expectInvalid(await verifyCredential(Uint8Array.of(0x9f), ctx), 'malformed', 'decode');
    expectInvalid(await verifyCredential('nw', ctx), 'malformed', 'decode');
  });

  it('refuses a header announcing a 4 GB array as malformed at once', async () => {
    const v = await verifyCredential(hex('9b0000000100000000'), ctx);
    expectInvalid(v, 'malformed', 'decode');
    expect(v.checks[0]?.detail).toMatch(/length beyond the input/);
  });

  it('refuses 50,000 nested one-element arrays as malformed without a stack overflow', async () => {
    const nested = new Uint8Array(50_001).fill(0x81);
    nested[50_000] = 0;
    expectInvalid(await verifyCredential(nested, ctx), 'malformed', 'decode');
    const roomy = { ...ctx, policy: { ...defaultPolicy, maxInputBytes: 100_000 } };
    const v = await verifyCredential(nested, roomy);
    expectInvalid(v, 'malformed', 'decode');
    expect(v.checks[0]?.detail).toMatch(/nesting deeper/);
  });

  it('refuses input above the byte cap as malformed', async () => {
    const v = await verifyCredential(new Uint8Array(defaultPolicy.maxInputBytes + 1), ctx);
    expectInvalid(v, 'malformed', 'decode');
  });

  it('refuses the same label in both headers as malformed', async () => {
    // signSign1 refuses to write such a message, so its bytes are put together by hand.
    const both = encodeCbor(
      tagged(18, [
        encodeCbor(
          new Map<number, unknown>([
            [1, -7],
            [4, utf8('D-000002')],
          ]),
        ),
        new Map<number, unknown>([[4, utf8('D-000002')]]),
        encodeCredentialPayload(RECORD),
        new Uint8Array(64),
      ]),
    );
    expectInvalid(await verifyCredential(both, ctx), 'malformed', 'decode');
  });

  it('refuses a nil payload as malformed', async () => {
    const bytes = encodeCbor(
      tagged(18, [
        encodeCbor(new Map([[1, -7]])),
        new Map([[4, utf8('D-000002')]]),
        null,
        new Uint8Array(64),
      ]),
    );
    expectInvalid(await verifyCredential(bytes, ctx), 'malformed', 'decode');
  });

  it('refuses a text kid as malformed', async () => {
    const cose = await issue(es, 'D-000002', { unprotectedHeader: new Map([[4, 'D-000002']]) });
    expectInvalid(await verifyCredential(cose, ctx), 'malformed', 'decode');
  });

  it('refuses tag 98 around the message as malformed', async () => {
    const inner = encodeCbor([new Uint8Array(0), new Map(), new Uint8Array(0), []]);
    const bytes = Uint8Array.from([0xd8, 0x62, ...inner]);
    expectInvalid(await verifyCredential(bytes, ctx), 'malformed', 'decode');
  });

  it('refuses a payload whose record members have the wrong type as malformed', async () => {
    const payload = encodeCbor(new Map<string, unknown>([['UN', 42]]));
    const bytes = encodeCbor(
      tagged(18, [
        encodeCbor(new Map([[1, -7]])),
        new Map([[4, utf8('D-000002')]]),
        payload,
        new Uint8Array(64),
      ]),
    );
    const v = await verifyCredential(bytes, ctx);
    expectInvalid(v, 'malformed', 'decode');
    expect(v.credential).toBeNull();
  });
});

describe('verifyCredential: algorithm and signature', () => {
  it('refuses alg only in the unprotected header as unsupported_algorithm', async () => {
    const cose = await issue(es, 'D-000002', {
      protectedHeader: {},
      unprotectedHeader: { alg: -7, kid: 'D-000002' },
    });
    expectInvalid(await verifyCredential(cose, ctx), 'unsupported_algorithm', 'signature');
  });

  it('refuses an algorithm outside the policy as unsupported_algorithm', async () => {
    const strict = { ...ctx, policy: { ...defaultPolicy, allowedAlgorithms: ['PS256' as const] } };
    const v = await verifyCredential(await issue(es, 'D-000002'), strict);
    expectInvalid(v, 'unsupported_algorithm', 'signature');
  });

  it('refuses a kid that no trusted signer has as unknown_signer, still showing the record', async () => {
    const v = await verifyCredential(await issue(es, 'D-999999'), ctx);
    expectInvalid(v, 'unknown_signer', 'signature');
    expect(v.credential).toEqual(RECORD);
    expect(v.signer).toBeNull();
  });

  it('refuses an altered record as signature_invalid', async () => {
    const cose = await issue(es, 'D-000002');
    const at = cose.indexOf(0xe8); // first byte of a UTF-8 name character (the record is Japanese)
    const altered = cose.slice();
    altered[at + 2] = altered[at + 2]! ^ 0x01;
    expectInvalid(await verifyCredential(altered, ctx), 'signature_invalid', 'signature');
  });

  it("refuses a credential signed by another signer's key as signature_invalid", async () => {
    const v = await verifyCredential(await issue(es, 'D-000001'), ctx);
    expectInvalid(v, 'signature_invalid', 'signature');
  });

  it('accepts an ES256 signature with s replaced by n − s', async () => {
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    const highS = async (tbs: Uint8Array) => {
      const sig = await es.sign(tbs);
      const s = BigInt(`0x${toHex(sig.subarray(32))}`);
      const flipped = (n - s).toString(16).padStart(64, '0');
      return Uint8Array.from([...sig.subarray(0, 32), ...hex(flipped)]);
    };
    expectValid(await verifyCredential(await issue(es, 'D-000002', { sign: highS }), ctx));
  });

  it('refuses a DER-encoded ES256 signature as signature_invalid', async () => {
    const der = async (tbs: Uint8Array) => {
      const sig = await es.sign(tbs);
      const int = (b: Uint8Array) => {
        let i = 0;
        while (i < b.length - 1 && b[i] === 0) i++;
        const v = b.subarray(i);
        const body = v[0]! & 0x80 ? [0, ...v] : [...v];
        return [0x02, body.length, ...body];
      };
      const seq = [...int(sig.subarray(0, 32)), ...int(sig.subarray(32))];
      return Uint8Array.from([0x30, seq.length, ...seq]);
    };
    const v = await verifyCredential(await issue(es, 'D-000002', { sign: der }), ctx);
    expectInvalid(v, 'signature_invalid', 'signature');
  });

  it('refuses PS256 signed with the maximum salt length as signature_invalid', async () => {
    const maxSalt = async (tbs: Uint8Array) => {
      // RFC 8017 §9.1.1: emLen − hLen − 2 = 256 − 32 − 2 for a 2048-bit key.
      const params = { name: 'RSA-PSS', saltLength: 222 };
      return new Uint8Array(
        await crypto.subtle.sign(params, ps.privateKey, tbs as Uint8Array<ArrayBuffer>),
      );
    };
    const v = await verifyCredential(await issue(ps, 'D-000001', { sign: maxSalt }), ctx);
    expectInvalid(v, 'signature_invalid', 'signature');
  });

  it('refuses Ed25519 with S replaced by S + L as signature_invalid', async () => {
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    const malleable = async (tbs: Uint8Array) => {
      const sig = await ed.sign(tbs);
      let s = 0n;
      for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
      let t = s + L;
      const out = sig.slice();
      for (let i = 32; i < 64; i++) {
        out[i] = Number(t & 0xffn);
        t >>= 8n;
      }
      return out;
    };
    const v = await verifyCredential(await issue(ed, 'D-000003', { sign: malleable }), ctx);
    expectInvalid(v, 'signature_invalid', 'signature');
  });
});

describe("verifyCredential: byte arrays handed to the caller's code", () => {
  /** A backend that records its arguments and lets WebCrypto answer. */
  function spyBackend(readsViewedBytesOnly?: boolean) {
    const inner = createWebCryptoBackend();
    const calls: { data: Uint8Array; signature: Uint8Array }[] = [];
    const backend: CryptoBackend = {
      name: 'spy',
      readsViewedBytesOnly,
      verify: (alg, spki, data, signature) => {
        calls.push({ data, signature });
        return inner.verify(alg, spki, data, signature);
      },
    };
    return { backend, calls };
  }

  const ownArray = (a: Uint8Array) => a.byteOffset === 0 && a.buffer.byteLength === a.byteLength;

  it('gives a backend that declares nothing a Sig_structure and a signature of its own', async () => {
    // Another credential first, so that the pool holds someone else's bytes.
    expectValid(await verifyCredential(await issueUrl(ps, 'D-000001'), ctx));
    const { backend, calls } = spyBackend();
    expectValid(
      await verifyCredential(await issueUrl(es, 'D-000002'), { ...ctx, crypto: backend }),
    );
    expect(calls).toHaveLength(1);
    expect(ownArray(calls[0]!.data)).toBe(true);
    expect(ownArray(calls[0]!.signature)).toBe(true);
  });

  it('gives a backend that declares readsViewedBytesOnly views of its pool', async () => {
    const { backend, calls } = spyBackend(true);
    expectValid(
      await verifyCredential(await issueUrl(es, 'D-000002'), { ...ctx, crypto: backend }),
    );
    expect(ownArray(calls[0]!.data)).toBe(false);
  });

  it('declares readsViewedBytesOnly for the WebCrypto backend (it copies what it is given)', () => {
    expect(createWebCryptoBackend().readsViewedBytesOnly).toBe(true);
  });

  it('gives the trust store a kid of its own', async () => {
    const kids: Uint8Array[] = [];
    const trust: TrustStore = Object.create(ctx.trust, {
      resolveSigner: {
        value: (query: Parameters<TrustStore['resolveSigner']>[0]) => {
          if (query.kid) kids.push(query.kid);
          return ctx.trust.resolveSigner(query);
        },
      },
    }) as TrustStore;
    expectValid(await verifyCredential(await issueUrl(ps, 'D-000001'), { ...ctx, trust }));
    expect(kids).toHaveLength(1);
    expect(ownArray(kids[0]!)).toBe(true);
    expect(new TextDecoder().decode(kids[0])).toBe('D-000001');
  });
});

describe('verifyCredential: the API', () => {
  it('throws for input that is neither text nor bytes', async () => {
    await expect(verifyCredential(42 as unknown as string, ctx)).rejects.toThrow(TypeError);
  });

  it('throws for a context without a trust store', async () => {
    const broken = { ...ctx, trust: undefined } as unknown as VerifyContext;
    await expect(verifyCredential('x', broken)).rejects.toThrow(/trust/);
  });

  it('throws for a policy that lacks a limit, rather than verifying without it', async () => {
    const { maxInputBytes: _dropped, ...partial } = defaultPolicy;
    const broken = { ...ctx, policy: partial } as unknown as VerifyContext;
    await expect(verifyCredential('x', broken)).rejects.toThrow(/maxInputBytes/);
  });

  it('throws for a verification host that is not a URL', async () => {
    const policy = { ...defaultPolicy, verificationHosts: ['dqcvs.nqs.go.jp'] };
    await expect(verifyCredential('x', { ...ctx, policy })).rejects.toThrow(/not a URL/);
  });

  it('throws for a verification host on a scheme with an opaque ("null") origin', async () => {
    const policy = { ...defaultPolicy, verificationHosts: ['foo://h'] };
    await expect(verifyCredential('x', { ...ctx, policy })).rejects.toThrow(
      new TypeError('verifyCredential: verification host foo://h is not an http(s) URL'),
    );
  });

  it('throws for a gopher: verification host', async () => {
    const policy = { ...defaultPolicy, verificationHosts: ['gopher://dqcvs.nqs.go.jp'] };
    await expect(verifyCredential('x', { ...ctx, policy })).rejects.toThrow(/not an http\(s\) URL/);
  });

  it('reports the injected clock as the time of the check', async () => {
    const at = new Date('2026-03-01T00:00:00Z');
    const v = await verifyCredential('%zz', { ...ctx, now: () => at });
    expect(v.checkedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(statuses(v)).toMatchObject({ decode: 'fail', status: 'skipped' });
  });
});
