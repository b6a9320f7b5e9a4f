/** A real signed Token Status List token (self-signed ES256 signer) for the fetcher's tests. */
import 'reflect-metadata';
import { X509CertificateGenerator } from '@peculiar/x509';
import { createWebCryptoSigner, signStatusListToken } from '@dqcv/shared-cose';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function makeStatusToken(
  uri: string,
  times: { iat: number; exp?: number; ttl?: number },
): Promise<Uint8Array> {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '02',
    name: 'CN=Test Status List Signer, O=dqcv tests, C=JP',
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: new Date(Date.now() + 86400_000),
    keys,
    signingAlgorithm: ALG,
  });
  return signStatusListToken(
    { uri, bits: 4, statuses: [0, 1, 2], ...times },
    {
      alg: 'ES256',
      sign: createWebCryptoSigner('ES256', keys.privateKey),
      certificate: new Uint8Array(cert.rawData),
    },
  );
}
