/** A root CA and its CRLs made in the test with @peculiar/x509 and WebCrypto (real DER). */
import 'reflect-metadata';
import {
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509CertificateGenerator,
  X509CrlGenerator,
} from '@peculiar/x509';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function makeRoot(name = 'CN=Test Root, O=dqcv tests, C=JP') {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 365 * 86400_000),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ],
  });
  return {
    pem: cert.toString('pem'),
    async crl(nextUpdate: Date): Promise<Uint8Array> {
      const crl = await X509CrlGenerator.create({
        issuer: cert.subject,
        thisUpdate: new Date(),
        nextUpdate,
        signingAlgorithm: ALG,
        signingKey: keys.privateKey,
        entries: [],
      });
      return new Uint8Array(crl.rawData);
    },
  };
}
