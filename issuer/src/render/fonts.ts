/**
 * The Noto Sans JP font files (SIL OFL 1.1) shipped by @expo-google-fonts/noto-sans-jp, read
 * once from node_modules and kept: each weight is a 5 MB TrueType file, and the PDF embeds
 * only the glyphs it uses.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Raw TrueType bytes of the two weights the certificate uses. */
export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

let cached: Promise<FontBytes> | undefined;

async function read(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(require.resolve(path)));
}

/**
 * Loads the regular and bold weights once per process.
 *
 * @example
 * const { regular } = await loadFonts();
 * const font = await pdf.embedFont(regular, { subset: true });
 */
export function loadFonts(): Promise<FontBytes> {
  cached ??= Promise.all([
    read('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
    read('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
  ]).then(([regular, bold]) => ({ regular, bold }));
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
