/**
 * Real but unwelcome trust material for fault tests, made from a host's data directory: a CRL
 * of the right issuer that has expired, a CRL with the right issuer name signed by another key,
 * and the registry's own status list re-signed by its own key with an `exp` in the past.
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthorityKeyIdentifierExtension, X509Certificate, X509CrlGenerator } from '@peculiar/x509';
import {
  createWebCryptoSigner,
  decodeStatusListToken,
  importSigningKey,
  readStatusBits,
  signStatusListToken,
} from '@dqcv/shared-cose';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const HOUR = 3600_000;

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

async function rootOf(dataDir: string) {
  const certificate = new X509Certificate(
    await readFile(join(dataDir, 'pki', 'root.cert.pem'), 'utf8'),
  );
  const keyPem = await readFile(join(dataDir, 'pki', 'root.key.pem'), 'utf8');
  const key = await crypto.subtle.importKey('pkcs8', pemBody(keyPem), EC, false, ['sign']);
  return { certificate, key };
}

async function crl(issuer: X509Certificate, key: CryptoKey, thisUpdate: Date, nextUpdate: Date) {
  const generated = await X509CrlGenerator.create({
    issuer: issuer.subject,
    thisUpdate,
    nextUpdate,
    signingKey: key,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [await AuthorityKeyIdentifierExtension.create(issuer)],
    entries: [],
  });
  return new Uint8Array(generated.rawData);
}

/** A CRL signed by the host's root whose nextUpdate passed an hour ago. */
export async function expiredCrl(dataDir: string): Promise<Uint8Array> {
  const root = await rootOf(dataDir);
  const now = Date.now();
  return crl(root.certificate, root.key, new Date(now - 25 * HOUR), new Date(now - HOUR));
}

/** A current CRL naming the host's root as issuer, signed by a key that is not the root's. */
export async function foreignKeyCrl(dataDir: string): Promise<Uint8Array> {
  const root = await rootOf(dataDir);
  const other = await crypto.subtle.generateKey(EC, false, ['sign', 'verify']);
  const now = Date.now();
  return crl(root.certificate, other.privateKey, new Date(now - HOUR), new Date(now + 24 * HOUR));
}

/**
 * The registry's current status list `token`, with the same entries and address, re-signed by
 * the registry's own status-list key with iat two hours and exp one hour in the past.
 */
export async function expiredStatusList(dataDir: string, token: Uint8Array): Promise<Uint8Array> {
  const decoded = decodeStatusListToken(token);
  if (!decoded.ok) throw new Error(`the registry's status list does not decode: ${decoded.detail}`);
  const { uri, bits, list } = decoded.token;
  const statuses = Array.from(
    { length: (list.length * 8) / bits },
    (_, i) => readStatusBits(list, i, bits) ?? 0,
  );
  const keyPem = await readFile(join(dataDir, 'pki', 'status-list.key.pem'), 'utf8');
  const certPem = await readFile(join(dataDir, 'pki', 'status-list.cert.pem'), 'utf8');
  const key = await importSigningKey('ES256', keyPem);
  const nowS = Math.floor(Date.now() / 1000);
  return signStatusListToken(
    { uri, bits, iat: nowS - 7200, exp: nowS - 3600, ttl: 60, statuses },
    { alg: 'ES256', sign: createWebCryptoSigner('ES256', key), certificate: pemBody(certPem) },
  );
}
