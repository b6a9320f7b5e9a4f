/**
 * The QR vectors of the `qr` section, read in place from ../shared/vectors: the zxing blackbox
 * folders with upstream's "must pass" counts, and the QR images inside the EU DCC test files.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

const IMAGE = /\.(png|jpe?g|webp|gif)$/i;

/** Upstream "must pass" counts per rotation (SOURCE.md); zxing-cpp qrcode-7 (structured append) left out. */
export const THRESHOLDS: Record<string, readonly number[]> = {
  'zxing-java/qrcode-1': [17, 14, 17, 14],
  'zxing-java/qrcode-2': [32, 30, 31, 31],
  'zxing-java/qrcode-3': [38, 39, 36, 39],
  'zxing-java/qrcode-4': [36, 35, 35, 35],
  'zxing-java/qrcode-5': [19, 19, 19, 19],
  'zxing-java/qrcode-6': [15, 14, 13, 14],
  'zxing-cpp/qrcode-1': [8, 8, 8, 8],
  'zxing-cpp/qrcode-2': [50, 50, 50, 50],
  'zxing-cpp/qrcode-3': [18, 18, 18, 18],
  'zxing-cpp/qrcode-4': [15, 15, 15, 15],
  'zxing-cpp/qrcode-5': [16, 16, 16, 16],
  'zxing-cpp/qrcode-6': [15, 15, 15, 15],
};

/**
 * Images that hold two valid QR codes (a "double QR": one inside the other), with the file naming
 * the text of the symbol that their own .txt does not. Upstream's two suites expect different
 * symbols of the same picture (zxing-java the outer, zxing-cpp the inner), so a read of the other
 * one is neither a pass nor a misread: it counts as a miss and is listed apart.
 */
const OTHER_SYMBOL: Record<string, string> = {
  'qr-zxing/zxing-java/qrcode-2/16.png': 'qr-zxing/zxing-cpp/qrcode-2/16.txt',
  'qr-zxing/zxing-cpp/qrcode-2/16.webp': 'qr-zxing/zxing-java/qrcode-2/16.txt',
};

/**
 * DCC test files whose picture does not hold their PREFIX: both decoders read the same other
 * text, a valid HC1 payload that inflates to a COSE_Sign1 of the same length as PREFIX's and
 * differs from it only in a few header bytes and the 64-byte signature (a re-signed copy). They
 * are left out of the must-match set like EXPECTEDPICTUREDECODE=false, and listed.
 */
export const DGC_PICTURE_IS_NOT_PREFIX: ReadonlySet<string> = new Set([
  'dgc-testdata/ES/2DCode/raw/501.json',
  'dgc-testdata/ES/2DCode/raw/502.json',
  'dgc-testdata/ES/2DCode/raw/503.json',
]);

export interface Case {
  folder: string;
  /** Where the page fetches the image. */
  src: string;
  expected: string;
  /** The vector file, relative to the vectors folder (for the lists of misses and misreads). */
  file: string;
  /** dgc-testdata's EXPECTEDPICTUREDECODE: false when the picture must not give PREFIX. */
  mustMatch: boolean;
  /** The text of the second symbol of a double QR (OTHER_SYMBOL). */
  other?: string;
}

/** Every image with a .txt in the threshold folders of `vectors`/qr-zxing, sorted by path. */
export function zxingCases(vectors: string): Case[] {
  const cases: Case[] = [];
  for (const folder of Object.keys(THRESHOLDS)) {
    const dir = join(vectors, 'qr-zxing', folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((f) => IMAGE.test(f))) {
      const txt = join(dir, `${name.slice(0, -extname(name).length)}.txt`);
      if (!existsSync(txt)) continue;
      const file = relative(vectors, join(dir, name));
      const src = `/v/${file.split('/').map(encodeURIComponent).join('/')}`;
      const otherTxt = OTHER_SYMBOL[file];
      const other = otherTxt ? readFileSync(join(vectors, otherTxt), 'utf8') : undefined;
      const expected = readFileSync(txt, 'utf8');
      cases.push({ folder, src, expected, file, mustMatch: true, ...(other && { other }) });
    }
  }
  return cases.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * The DCC test files' QR images (`2DCODE`, base64 PNG) with their text (`PREFIX`), sorted by
 * path; each image is put in `images` under the address the page fetches it from.
 */
export function dgcCases(vectors: string, images: Map<string, Buffer>): Case[] {
  const found: Array<{ path: string; png: string; prefix: string; mustMatch: boolean }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) {
        try {
          const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
          const png = doc['2DCODE'];
          const prefix = doc.PREFIX;
          if (typeof png !== 'string' || typeof prefix !== 'string' || png.length === 0) continue;
          const results = doc.EXPECTEDRESULTS as Record<string, unknown> | undefined;
          found.push({ path, png, prefix, mustMatch: results?.EXPECTEDPICTUREDECODE !== false });
        } catch {
          // A file that is not one test case (e.g. a list) is not a QR vector.
        }
      }
    }
  };
  walk(join(vectors, 'dgc-testdata'));
  found.sort((a, b) => a.path.localeCompare(b.path));
  return found.map((f, i) => {
    const src = `/dgc/${i}.png`;
    images.set(src, Buffer.from(f.png, 'base64'));
    const file = relative(vectors, f.path);
    const mustMatch = f.mustMatch && !DGC_PICTURE_IS_NOT_PREFIX.has(file);
    return { folder: 'dgc-testdata', src, expected: f.prefix, file, mustMatch };
  });
}
