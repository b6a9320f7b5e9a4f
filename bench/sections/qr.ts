/**
 * Section `qr` (issue 7 §5): QR reading in Debian's Chromium (playwright-core). Builds
 * bench/qr/page.ts with Vite (it imports the PWA's own ladder, jsQR call and zxing rung), serves
 * it and the public vectors on loopback, and counts, per folder of ../shared/vectors/qr-zxing and
 * per rotation 0/90/180/270, exact-text reads of jsQR, zxing-wasm and the ladder beside
 * upstream's thresholds (SOURCE.md); wrong texts are counted apart, empty reads are misses. Also
 * the EU DCC QR images of ../shared/vectors/dgc-testdata, and milliseconds per 640×480 and
 * 1280×720 frame. Target: the ladder reads more than either alone, reaches every threshold, no
 * wrong text, ≤ 15 ms per 720p frame.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { figure, unavailable, type Figure } from '../lib/figures';

const SECTION = 'qr';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VECTORS = join(ROOT, '..', 'shared', 'vectors');
const ROTATIONS = (process.env.BENCH_QR_ROTATIONS ?? '0,90,180,270')
  .split(',')
  .map(Number)
  .filter((r) => [0, 90, 180, 270].includes(r));
const IMAGE = /\.(png|jpe?g|webp|gif)$/i;

/** Upstream "must pass" counts per rotation (SOURCE.md); zxing-cpp qrcode-7 (structured append) left out. */
const THRESHOLDS: Record<string, readonly number[]> = {
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

interface Case {
  folder: string;
  src: string;
  expected: string;
  /** The vector file, relative to the vectors folder (for the list of wrong reads). */
  file: string;
  /** dgc-testdata's EXPECTEDPICTUREDECODE: false when the picture must not give PREFIX. */
  mustMatch: boolean;
}

type Decoder = 'jsqr' | 'zxing' | 'ladder';
const DECODERS: Decoder[] = ['jsqr', 'zxing', 'ladder'];

function zxingCases(): Case[] {
  const cases: Case[] = [];
  for (const folder of Object.keys(THRESHOLDS)) {
    const dir = join(VECTORS, 'qr-zxing', folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((f) => IMAGE.test(f))) {
      const txt = join(dir, `${name.slice(0, -extname(name).length)}.txt`);
      if (!existsSync(txt)) continue;
      const src = `/v/${relative(VECTORS, join(dir, name)).split('/').map(encodeURIComponent).join('/')}`;
      const file = relative(VECTORS, join(dir, name));
      cases.push({ folder, src, expected: readFileSync(txt, 'utf8'), file, mustMatch: true });
    }
  }
  return cases;
}

/** The DCC test files' QR images (`2DCODE`, base64 PNG) with their text (`PREFIX`). */
function dgcCases(images: Map<string, Buffer>): Case[] {
  const cases: Case[] = [];
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
          const key = `/dgc/${images.size}.png`;
          images.set(key, Buffer.from(png, 'base64'));
          const results = doc.EXPECTEDRESULTS as Record<string, unknown> | undefined;
          cases.push({
            folder: 'dgc-testdata',
            src: key,
            expected: prefix,
            file: relative(VECTORS, path),
            mustMatch: results?.EXPECTEDPICTUREDECODE !== false,
          });
        } catch {
          // A file that is not one test case (e.g. a list) is not a QR vector.
        }
      }
    }
  };
  walk(join(VECTORS, 'dgc-testdata'));
  return cases;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};

function serve(dist: string, images: Map<string, Buffer>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const memory = images.get(path);
    const file = path.startsWith('/v/')
      ? join(VECTORS, path.slice(3))
      : join(dist, path === '/' ? 'index.html' : path);
    const inside = file.startsWith(VECTORS) || file.startsWith(dist);
    if (!memory && (!inside || !existsSync(file) || statSync(file).isDirectory())) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(memory ? path : file)] ?? 'application/octet-stream',
    });
    res.end(memory ?? readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs the section and returns its figures. */
export async function runQr(): Promise<Figure[]> {
  if (!existsSync(join(VECTORS, 'qr-zxing'))) {
    console.error(`qr: ${join(VECTORS, 'qr-zxing')} is absent; the QR reading figures are skipped`);
    return [unavailable(SECTION, 'QR reading', `no ${relative(ROOT, VECTORS)}/qr-zxing`)];
  }
  if (!existsSync('/usr/bin/chromium'))
    return [unavailable(SECTION, 'QR reading', 'no /usr/bin/chromium')];

  const dist = await mkdtemp(join(tmpdir(), 'dqcv-bench-qr-'));
  const images = new Map<string, Buffer>();
  const zx = zxingCases();
  const dgc = existsSync(join(VECTORS, 'dgc-testdata')) ? dgcCases(images) : [];
  let server: Server | undefined;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    await build({
      root: join(ROOT, 'bench', 'qr'),
      base: './',
      logLevel: 'error',
      configFile: false,
      build: { outDir: dist, emptyOutDir: true, target: 'es2022' },
      worker: { format: 'es' },
    });
    server = await serve(dist, images);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'bench' in window);
    const hasDetector = await page.evaluate(() => window.bench.hasBarcodeDetector());

    // tally[folder][rotation][decoder] = { ok, wrong }
    let mismatches = 0;
    const wrongReads = new Set<string>();
    const undecodable = new Set<string>();
    const tally = new Map<string, { ok: number; wrong: number }>();
    const add = (key: string, ok: boolean, wrong: boolean) => {
      const t = tally.get(key) ?? { ok: 0, wrong: 0 };
      t.ok += ok ? 1 : 0;
      t.wrong += wrong ? 1 : 0;
      tally.set(key, t);
    };
    const runCases = async (cases: Case[], rotations: readonly number[]) => {
      for (const rotation of rotations) {
        for (const c of cases) {
          // The PWA's ladder itself runs at 0°; elsewhere its answer follows from its code (no
          // BarcodeDetector here: jsQR's read when it has one, else zxing's), checked at 0°.
          const withLadder = rotation === 0;
          const r = await page.evaluate(
            ([src, rot, ladder]) =>
              window.bench.decodeCase(src as string, rot as number, ladder as boolean),
            [c.src, rotation, withLadder] as const,
          );
          const derived = r.jsqr ?? r.zxing;
          if (withLadder && r.ladder !== derived) mismatches += 1;
          if (r.undecodable) undecodable.add(c.src);
          const reads = { jsqr: r.jsqr, zxing: r.zxing, ladder: withLadder ? r.ladder! : derived };
          if (!c.mustMatch) continue;
          for (const d of DECODERS) {
            const text = reads[d];
            if (text !== null && text !== c.expected) wrongReads.add(`${d} ${c.file} @${rotation}`);
            add(
              `${c.folder}|${rotation}|${d}`,
              text === c.expected,
              text !== null && text !== c.expected,
            );
          }
        }
      }
    };
    await runCases(zx, ROTATIONS);
    await runCases(dgc, [0]);

    const figures: Figure[] = [];
    const totals = new Map<string, { ok: number; wrong: number }>();
    for (const [folder, limits] of Object.entries(THRESHOLDS)) {
      for (const rotation of ROTATIONS) {
        const i = [0, 90, 180, 270].indexOf(rotation);
        for (const d of DECODERS) {
          const t = tally.get(`${folder}|${rotation}|${d}`);
          if (!t) continue;
          const total = totals.get(d) ?? { ok: 0, wrong: 0 };
          total.ok += t.ok;
          total.wrong += t.wrong;
          totals.set(d, total);
          if (d !== 'ladder') continue;
          const jsqr = tally.get(`${folder}|${rotation}|jsqr`)!;
          const zxing = tally.get(`${folder}|${rotation}|zxing`)!;
          figures.push(
            figure(SECTION, `ladder ${folder} @${rotation}°`, t.ok, {
              unit: 'read',
              target: limits[i]!,
              note: `jsQR ${jsqr.ok}, zxing ${zxing.ok}; wrong: ladder ${t.wrong}, jsQR ${jsqr.wrong}, zxing ${zxing.wrong}`,
            }),
          );
        }
      }
    }
    for (const d of DECODERS) {
      const t = tally.get(`dgc-testdata|0|${d}`) ?? { ok: 0, wrong: 0 };
      figures.push(
        figure(
          SECTION,
          `${d} dgc-testdata @0° (of ${dgc.filter((c) => c.mustMatch).length})`,
          t.ok,
          {
            unit: 'read',
            note: `wrong ${t.wrong}`,
          },
        ),
      );
    }
    const zxCount = zx.length * ROTATIONS.length;
    if (ROTATIONS.length < 4) console.error(`qr: rotations ${ROTATIONS.join(', ')} only`);
    for (const d of DECODERS) {
      const t = totals.get(d) ?? { ok: 0, wrong: 0 };
      figures.push(
        figure(SECTION, `${d} zxing vectors, all rotations (of ${zxCount})`, t.ok, {
          unit: 'read',
          note: `wrong ${t.wrong}`,
        }),
      );
    }
    const ladder = totals.get('ladder') ?? { ok: 0, wrong: 0 };
    const best = Math.max(totals.get('jsqr')?.ok ?? 0, totals.get('zxing')?.ok ?? 0);
    figures.push(
      figure(SECTION, 'ladder reads minus the better single decoder', ladder.ok - best, {
        unit: 'read',
        target: 1,
      }),
      figure(
        SECTION,
        'ladder wrong texts (zxing vectors + dgc)',
        ladder.wrong + (tally.get('dgc-testdata|0|ladder')?.wrong ?? 0),
        {
          unit: 'texts',
          target: 0,
          better: 'lower',
        },
      ),
    );

    const sample = dgc[0]?.src ?? zx[0]!.src;
    for (const [w, h] of [
      [640, 480],
      [1280, 720],
    ] as const) {
      const t = await page.evaluate(
        ([src, width, height]) =>
          window.bench.timeFrames(src as string, width as number, height as number, 15),
        [sample, w, h],
      );
      const empty = await page.evaluate(
        ([width, height]) => window.bench.timeEmpty(width as number, height as number, 15),
        [w, h],
      );
      figures.push(
        figure(SECTION, `ladder ms per ${w}×${h} frame with a code`, t.ladder, {
          unit: 'ms',
          ...(h === 720 && { target: 15, better: 'lower' as const }),
          note: `jsQR ${t.jsqr.toFixed(1)} ms, zxing ${t.zxing.toFixed(1)} ms; ${t.read ? 'read' : 'NOT read'}`,
        }),
        figure(SECTION, `ladder ms per ${w}×${h} frame without a code`, empty, {
          unit: 'ms',
          ...(h === 720 && { target: 15, better: 'lower' as const }),
          note: 'every rung runs',
        }),
      );
    }
    figures.push(
      figure(SECTION, 'ladder differs from jsQR-then-zxing at 0°', mismatches, {
        unit: 'cases',
        target: 0,
        better: 'lower',
        note: 'checks the derivation used at 90/180/270°',
      }),
      figure(SECTION, 'wrong reads listed', wrongReads.size, {
        unit: 'reads',
        note: [...wrongReads].slice(0, 12).join('; '),
      }),
      figure(SECTION, 'images Chromium cannot decode', undecodable.size, {
        unit: 'files',
        note: `counted as misses for every decoder: ${[...undecodable].map(decodeURIComponent).join(', ')}`,
      }),
      figure(SECTION, 'BarcodeDetector in this Chromium', hasDetector ? 1 : 0, {
        unit: hasDetector ? 'present' : 'absent',
        note: 'Debian Chromium on Linux has no BarcodeDetector; the ladder starts at jsQR',
      }),
    );
    return figures;
  } finally {
    await browser.close();
    server?.close();
    rmSync(dist, { recursive: true, force: true });
  }
}
