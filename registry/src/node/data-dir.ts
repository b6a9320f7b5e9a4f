/**
 * The registry's files in the data directory (docs/ARCHITECTURE.md "Data directory"): the PKI
 * as PEM, private keys and the admin token readable by the owner only (0600), the current CRL.
 * Node only.
 *
 * @example
 * const dir = new DataDir('.data');
 * await dir.writeSecret('admin-token', token);
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyPersistence } from '../ca/authority';
import type { InitialPki } from '../ca/bootstrap';

export class DataDir {
  constructor(readonly root: string) {}

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  async prepare(): Promise<void> {
    await mkdir(this.path('pki', 'signers'), { recursive: true, mode: 0o700 });
    // The directory holds the database (names, birth dates) and keys: owner only, even when
    // it existed before (mkdir leaves an existing directory's mode as it was).
    await chmod(this.root, 0o700);
  }

  async read(...parts: string[]): Promise<string | undefined> {
    try {
      return await readFile(this.path(...parts), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Writes a file owner-only (0600), replacing it atomically (write then rename). */
  async writeSecret(relative: string, content: string | Uint8Array): Promise<void> {
    await this.writeAtomic(relative, content, 0o600);
  }

  async writePublic(relative: string, content: string | Uint8Array): Promise<void> {
    await this.writeAtomic(relative, content, 0o644);
  }

  async signerKeyFiles(): Promise<string[]> {
    const names = await readdir(this.path('pki', 'signers'));
    return names.filter((n) => n.endsWith('.key.pem')).map((n) => n.slice(0, -'.key.pem'.length));
  }

  async writeInitialPki(pki: InitialPki): Promise<void> {
    await this.writeSecret('pki/root.key.pem', pki.root.keyPem);
    await this.writePublic('pki/root.cert.pem', pki.root.certificatePem);
    await this.writeSecret('pki/status-list.key.pem', pki.statusList.keyPem);
    await this.writePublic('pki/status-list.cert.pem', pki.statusList.certificatePem);
    await this.writeSecret('pki/verifier.key.pem', pki.verifier.keyPem);
    await this.writePublic('pki/verifier.cert.pem', pki.verifier.certificatePem);
    for (const signer of pki.signers) {
      await this.writeSecret(`pki/signers/${signer.kid}.key.pem`, signer.keyPem);
      await this.writePublic(`pki/signers/${signer.kid}.cert.pem`, signer.certificatePem);
    }
  }

  /** The admin token: from the file, or a new random one written there (0600). */
  async adminToken(): Promise<string> {
    const existing = (await this.read('admin-token'))?.trim();
    if (existing) return existing;
    const token = randomBytes(32).toString('base64url');
    await this.writeSecret('admin-token', `${token}\n`);
    return token;
  }

  /** What the CA stores at run time: new signers' keys and each new CRL. */
  persistence(): KeyPersistence {
    return {
      saveSigner: async (kid, keyPem, certificatePem) => {
        await this.writeSecret(`pki/signers/${kid}.key.pem`, keyPem);
        await this.writePublic(`pki/signers/${kid}.cert.pem`, certificatePem);
      },
      saveCrl: (der) => this.writePublic('pki/root.crl', der),
    };
  }

  private async writeAtomic(relative: string, content: string | Uint8Array, mode: number) {
    const target = this.path(relative);
    const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temporary, content, { mode });
    await chmod(temporary, mode);
    await rename(temporary, target);
  }
}
