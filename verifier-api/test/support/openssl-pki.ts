/**
 * A certification authority made with the `openssl` command line, outside the project's own
 * CA and issuer: a root, a PS256 credential signer (RSA-2048, our credential-signer role EKU),
 * a CRL from `openssl ca -gencrl`, and credentials signed with `openssl dgst` over a COSE
 * Sig_structure written by a few lines of CBOR below (RFC 8949 §3, RFC 9052 §4.4).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CREDENTIAL_SIGNER_EKU = '2.25.145444660592322183718116230663769507353.1.1';
const VERIFIER_EKU = '2.25.145444660592322183718116230663769507353.1.3';

// ---------------------------------------------------------------- a few lines of CBOR

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { tag: number; value: Cbor };
export function cbor(v: Cbor): Uint8Array {
  const out: number[] = [];
  const put = (x: Cbor): void => {
    if (typeof x === 'number') out.push(...(x >= 0 ? head(0, x) : head(1, -1 - x)));
    else if (typeof x === 'string') {
      const b = new TextEncoder().encode(x);
      out.push(...head(3, b.length), ...b);
    } else if (x instanceof Uint8Array) out.push(...head(2, x.length), ...x);
    else if (Array.isArray(x)) {
      out.push(...head(4, x.length));
      x.forEach(put);
    } else if (x instanceof Map) {
      out.push(...head(5, x.size));
      for (const [k, val] of x) {
        put(k);
        put(val);
      }
    } else {
      out.push(...head(6, x.tag));
      put(x.value);
    }
  };
  put(v);
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------- the CA

const CA_CONF = `
[ ca ]
default_ca = root
[ root ]
dir = .
database = index.txt
crlnumber = crlnumber
serial = serial
new_certs_dir = .
certificate = root.pem
private_key = root.key
default_md = sha256
default_days = 30
default_crl_hours = 1
policy = policy_any
unique_subject = no
[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied
[ v3_root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_signer ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = ${CREDENTIAL_SIGNER_EKU}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_verifier ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = ${VERIFIER_EKU}
`;

export interface OpensslPki {
  dir: string;
  rootPem: string;
  signerPem: string;
  /** The verifier's own key (receipts, bundle): PKCS#8 PEM and certificate. */
  verifierKeyPem: string;
  verifierPem: string;
  crl(): Uint8Array;
  revokeSigner(): void;
  /** A credential (QR URL) signed by the openssl signer with kid `kid`. */
  credential(base: string, kid: string, record: Record<string, string>): string;
  cleanup(): void;
}

export function makeOpensslPki(): OpensslPki {
  const dir = mkdtempSync(join(tmpdir(), 'dqcv-openssl-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'ca.cnf'), CA_CONF);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'crlnumber'), '01\n');

  // Backdated two days: a credential issued today must find its signer already valid.
  const start =
    new Date(Date.now() - 2 * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  writeFileSync(join(dir, 'serial'), '1000\n');
  const issue = (name: string, subject: string, extensions: string, selfSign = false) => {
    ssl(
      'req',
      '-new',
      '-key',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
      '-config',
      'ca.cnf',
    );
    ssl(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-notext',
      '-startdate',
      start,
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-extensions',
      extensions,
      ...(selfSign ? ['-selfsign'] : []),
    );
  };
  ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'root.key');
  issue('root', '/C=JP/O=Openssl Test Authority/CN=Openssl Test Root', 'v3_root', true);
  ssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'signer.key');
  issue('signer', '/C=JP/O=Openssl Test Authority/CN=Openssl Test Signer', 'v3_signer');
  ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'verifier.key');
  issue('verifier', '/C=JP/O=Openssl Test Authority/CN=Openssl Test Verifier', 'v3_verifier');

  const crl = () => {
    ssl('ca', '-config', 'ca.cnf', '-gencrl', '-out', 'root.crl.pem');
    ssl('crl', '-in', 'root.crl.pem', '-outform', 'DER', '-out', 'root.crl');
    return new Uint8Array(readFileSync(join(dir, 'root.crl')));
  };

  return {
    dir,
    rootPem: readFileSync(join(dir, 'root.pem'), 'utf8'),
    signerPem: readFileSync(join(dir, 'signer.pem'), 'utf8'),
    verifierKeyPem: readFileSync(join(dir, 'verifier.key'), 'utf8'),
    verifierPem: readFileSync(join(dir, 'verifier.pem'), 'utf8'),
    crl,
    revokeSigner() {
      ssl('ca', '-config', 'ca.cnf', '-revoke', 'signer.pem');
    },
    credential(base, kid, record) {
      const protectedBytes = cbor(new Map([[1, -37]])); // {1: PS256}
      const payload = cbor(new Map(Object.entries(record)));
      // Sig_structure = ["Signature1", protected, external_aad, payload] (RFC 9052 §4.4)
      const tbs = cbor(['Signature1', protectedBytes, new Uint8Array(0), payload]);
      writeFileSync(join(dir, 'tbs.bin'), tbs);
      ssl(
        'dgst',
        '-sha256',
        '-sign',
        'signer.key',
        '-sigopt',
        'rsa_padding_mode:pss',
        '-sigopt',
        'rsa_pss_saltlen:32',
        '-sigopt',
        'rsa_mgf1_md:sha256',
        '-out',
        'sig.bin',
        'tbs.bin',
      );
      const signature = new Uint8Array(readFileSync(join(dir, 'sig.bin')));
      const kidBytes = new TextEncoder().encode(kid);
      const cose = cbor({
        tag: 18,
        value: [protectedBytes, new Map([[4, kidBytes]]), payload, signature],
      });
      const c = Buffer.from(cose).toString('base64url');
      return `${base}/w/?c=${c}`;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
