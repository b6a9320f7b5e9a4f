/**
 * Credentials that try to make the verifier fetch an address of the attacker's choosing, signed
 * with a host's real keys (from its data directory) so that they pass every check before the
 * fetch would happen: a status-list reference to another address, and a signer certificate,
 * issued by the host's own root and sent in x5chain, whose CRL distribution point and authority
 * information access name another address.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
import {
  ROLE_OIDS,
  createWebCryptoSigner,
  credentialUrl,
  encodeCredentialPayload,
  importSigningKey,
  signSign1,
  type CredentialRecord,
} from '@dqcv/shared-cose';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const DAY = 86_400_000;
const ALG_PS256 = -37;
const ALG_ES256 = -7;

function der(pem: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(
    Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'),
  );
}

function record(statusUri: string): CredentialRecord {
  return {
    qualificationName: '小型船舶操縦士',
    holderName: '誘導 試験',
    birthDate: '1970-01-01',
    registrationNumber: '999001',
    certificateId: '999000000000001',
    // ID is a day in Japan (JST, UTC+9), as the registry writes it.
    issueDate: new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10),
    statusList: { idx: 0, uri: statusUri },
  };
}

/** A credential signed by the host's signer D-000001 whose status list is at `statusUri`. */
export async function statusListLure(dataDir: string, base: string, statusUri: string) {
  const pem = await readFile(join(dataDir, 'pki', 'signers', 'D-000001.key.pem'), 'utf8');
  const sign = createWebCryptoSigner('PS256', await importSigningKey('PS256', pem));
  const cose = await signSign1(
    {
      protectedHeader: { alg: ALG_PS256 },
      unprotectedHeader: { kid: 'D-000001' },
      payload: encodeCredentialPayload(record(statusUri)),
    },
    sign,
  );
  return credentialUrl(base, cose);
}

/**
 * A credential signed by a new key whose certificate, issued by the host's root with the
 * credential-signer role, travels in x5chain and points its CRL and issuer links at `lure`.
 */
export async function certificateLure(
  dataDir: string,
  base: string,
  lure: string,
  statusUri: string,
) {
  const root = new X509Certificate(await readFile(join(dataDir, 'pki', 'root.cert.pem'), 'utf8'));
  const rootKey = await crypto.subtle.importKey(
    'pkcs8',
    der(await readFile(join(dataDir, 'pki', 'root.key.pem'), 'utf8')),
    EC,
    false,
    ['sign'],
  );
  const keys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const now = Date.now();
  const leaf = await X509CertificateGenerator.create({
    serialNumber: '7e57000000000001',
    subject: 'CN=Lure signer, O=DQCV test',
    issuer: root.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 30 * DAY),
    publicKey: keys.publicKey,
    signingKey: rootKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ROLE_OIDS.credentialSigner], false),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      await AuthorityKeyIdentifierExtension.create(root),
      new CRLDistributionPointsExtension([`${lure}/crl/root.crl`]),
      new AuthorityInfoAccessExtension({ ocsp: `${lure}/ocsp`, caIssuers: `${lure}/ca.cer` }),
    ],
  });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const sign = createWebCryptoSigner('ES256', await importSigningKey('ES256', pkcs8));
  const cose = await signSign1(
    {
      protectedHeader: { alg: ALG_ES256 },
      unprotectedHeader: { kid: 'D-999999', x5chain: new Uint8Array(leaf.rawData) },
      payload: encodeCredentialPayload(record(statusUri)),
    },
    sign,
  );
  return credentialUrl(base, cose);
}
