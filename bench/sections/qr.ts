/**
 * Section `qr` (issue 7 §5): QR reading in Debian's Chromium (playwright-core). Builds
 * bench/qr/page.ts with Vite (it imports the PWA's own rungs and its still-image and camera-frame
 * paths), serves it and the public vectors on loopback, and counts, per folder of
 * ../shared/vectors/qr-zxing and per rotation 0/90/180/270, exact-text reads of jsQR, zxing-wasm
 * (camera options and still-image options) and the PWA's still-image ladder beside upstream's
 * thresholds (SOURCE.md); wrong texts are counted apart, empty reads are misses. Also the EU DCC
 * QR images of ../shared/vectors/dgc-testdata, and milliseconds per 640×480 and 1280×720 camera
 * frame. Target: the ladder reads more than either decoder alone, reaches every threshold, no
 * wrong text, ≤ 15 ms per 720p frame.
 *
 * `BENCH_QR_ROTATIONS=0` for one rotation; `BENCH_QR_PARTS=counts` or `timing` for one half (run
 * timing alone under `flock /tmp/bench.lock`: it measures milliseconds).
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { figure, unavailable, type Figure } from '../lib/figures';
import {
  DGC_PICTURE_IS_NOT_PREFIX,
  THRESHOLDS,
  dgcCases,
  zxingCases,
  type Case,
} from '../qr/cases';
import type { CaseResult } from '../qr/page';

const SECTION = 'qr';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const VECTORS = join(ROOT, '..', 'shared', 'vectors');
const ROTATIONS = (process.env.BENCH_QR_ROTATIONS ?? '0,90,180,270')
  .split(',')
  .map(Number)
  .filter((r) => [0, 90, 180, 270].includes(r));
const PARTS = new Set((process.env.BENCH_QR_PARTS ?? 'counts,timing').split(','));

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

type Decoder = 'jsqr' | 'zxing' | 'zxingStill' | 'ladder';
const DECODERS: Decoder[] = ['jsqr', 'zxing', 'zxingStill', 'ladder'];
const LABEL: Record<Decoder, string> = {
  jsqr: 'jsQR',
  zxing: 'zxing camera',
  zxingStill: 'zxing still',
  ladder: 'ladder (still image)',
};

interface Tally {
  ok: number;
  wrong: number;
  other: number;
}

/** Reads every case at every rotation; tallies per `folder|rotation|decoder`. */
async function count(page: Page, cases: Case[], rotations: readonly number[]) {
  const tally = new Map<string, Tally>();
  const wrong: string[] = [];
  const other: string[] = [];
  const missed = new Map<string, string[]>();
  const undecodable = new Set<string>();
  for (const rotation of rotations) {
    for (const c of cases) {
      const r: CaseResult = await page.evaluate(
        ([src, rot]) => window.bench.decodeCase(src as string, rot as number),
        [c.src, rotation] as const,
      );
      if (r.undecodable) undecodable.add(c.file);
      if (!c.mustMatch) continue;
      for (const d of DECODERS) {
        const text = r[d];
        const key = `${c.folder}|${rotation}|${d}`;
        const t = tally.get(key) ?? { ok: 0, wrong: 0, other: 0 };
        if (text === c.expected) t.ok += 1;
        else if (text !== null && text === c.other) {
          t.other += 1;
          other.push(`${d} ${c.file} @${rotation}`);
        } else if (text !== null) {
          t.wrong += 1;
          wrong.push(`${d} ${c.file} @${rotation}`);
        }
        if (text !== c.expected && d === 'ladder') {
          missed.set(key, [...(missed.get(key) ?? []), c.file.split('/').pop()!]);
        }
        tally.set(key, t);
      }
    }
  }
  return { tally, wrong, other, missed, undecodable };
}

async function countFigures(page: Page, zx: Case[], dgc: Case[]): Promise<Figure[]> {
  const z = await count(page, zx, ROTATIONS);
  const d = await count(page, dgc, [0]);
  const get = (key: string) => z.tally.get(key) ?? { ok: 0, wrong: 0, other: 0 };
  const figures: Figure[] = [];
  for (const [folder, limits] of Object.entries(THRESHOLDS)) {
    for (const rotation of ROTATIONS) {
      const at = (dec: Decoder) => get(`${folder}|${rotation}|${dec}`);
      const ladder = at('ladder');
      const limit = limits[[0, 90, 180, 270].indexOf(rotation)]!;
      const missedList = z.missed.get(`${folder}|${rotation}|ladder`) ?? [];
      figures.push(
        figure(SECTION, `ladder ${folder} @${rotation}°`, ladder.ok, {
          unit: 'read',
          target: limit,
          note:
            `jsQR ${at('jsqr').ok}, zxing camera ${at('zxing').ok}, zxing still ` +
            `${at('zxingStill').ok}; wrong: ${DECODERS.map((k) => at(k).wrong).join('/')}` +
            (ladder.ok < limit ? `; ladder missed ${missedList.join(' ')}` : ''),
        }),
      );
    }
  }

  const of = zx.length * ROTATIONS.length;
  if (ROTATIONS.length < 4) console.error(`qr: rotations ${ROTATIONS.join(', ')} only`);
  const totals = new Map<Decoder, Tally>();
  for (const dec of DECODERS) {
    const t = { ok: 0, wrong: 0, other: 0 };
    for (const [key, v] of z.tally) {
      if (!key.endsWith(`|${dec}`)) continue;
      t.ok += v.ok;
      t.wrong += v.wrong;
      t.other += v.other;
    }
    totals.set(dec, t);
    figures.push(
      figure(SECTION, `${LABEL[dec]}: zxing vectors, all rotations (of ${of})`, t.ok, {
        unit: 'read',
        note: `wrong ${t.wrong}; the other symbol of a double QR ${t.other}`,
      }),
    );
  }
  const dgcOf = dgc.filter((c) => c.mustMatch).length;
  for (const dec of DECODERS) {
    const t = d.tally.get(`dgc-testdata|0|${dec}`) ?? { ok: 0, wrong: 0, other: 0 };
    figures.push(
      figure(SECTION, `${LABEL[dec]}: dgc-testdata @0° (of ${dgcOf})`, t.ok, {
        unit: 'read',
        note: `wrong ${t.wrong}; left out, picture is not PREFIX: ${[...DGC_PICTURE_IS_NOT_PREFIX].join(', ')}`,
      }),
    );
  }
  const ladder = totals.get('ladder')!;
  const best = Math.max(totals.get('jsqr')!.ok, totals.get('zxingStill')!.ok);
  const dgcWrong = d.tally.get('dgc-testdata|0|ladder')?.wrong ?? 0;
  figures.push(
    figure(SECTION, 'ladder reads minus the better single decoder', ladder.ok - best, {
      unit: 'read',
      target: 1,
      note: 'zxing vectors, all rotations; the better of jsQR and zxing still',
    }),
    figure(SECTION, 'ladder wrong texts (zxing vectors + dgc)', ladder.wrong + dgcWrong, {
      unit: 'texts',
      target: 0,
      better: 'lower',
    }),
    figure(SECTION, 'wrong reads listed (every decoder)', z.wrong.length + d.wrong.length, {
      unit: 'reads',
      note: [...z.wrong, ...d.wrong].slice(0, 12).join('; '),
    }),
    figure(SECTION, 'reads of the other symbol of a double QR', z.other.length, {
      unit: 'reads',
      note: `counted as misses, not misreads: ${z.other.join('; ')}`,
    }),
    figure(SECTION, 'images Chromium cannot decode', z.undecodable.size + d.undecodable.size, {
      unit: 'files',
      note: `misses for every decoder: ${[...z.undecodable, ...d.undecodable].join(', ')}`,
    }),
  );
  return figures;
}

interface FrameTiming {
  median: number;
  mean: number;
}

const ms = (t: FrameTiming) => `${t.median.toFixed(1)} (mean ${t.mean.toFixed(1)})`;

async function timingFigures(page: Page, sample: Case): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [w, h] of [
    [640, 480],
    [1280, 720],
  ] as const) {
    const t = await page.evaluate(
      ([src, width, height]) =>
        window.bench.timeFrames(src as string, width as number, height as number, 21),
      [sample.src, w, h] as const,
    );
    const target = h === 720 ? { target: 15, better: 'lower' as const } : {};
    figures.push(
      figure(SECTION, `camera frame ${w}×${h} with a code, PWA per-frame call`, t.ladder.median, {
        unit: 'ms',
        ...target,
        note:
          `median; mean ${t.ladder.mean.toFixed(1)}; ${t.read === sample.expected ? 'read' : 'NOT read'}; ` +
          `rungs alone: zxing ${ms(t.zxing)}, jsQR ${ms(t.jsqr)}`,
      }),
      figure(
        SECTION,
        `camera frame ${w}×${h} without a code, PWA per-frame call`,
        t.ladderEmpty.mean,
        {
          unit: 'ms',
          ...target,
          note:
            `mean; median ${t.ladderEmpty.median.toFixed(1)}; ` +
            `rungs alone: zxing ${ms(t.zxingEmpty)}, jsQR ${ms(t.jsqrEmpty)}`,
        },
      ),
    );
  }
  return figures;
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
  const zx = zxingCases(VECTORS);
  const dgc = existsSync(join(VECTORS, 'dgc-testdata')) ? dgcCases(VECTORS, images) : [];
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

    const figures: Figure[] = [];
    if (PARTS.has('counts')) figures.push(...(await countFigures(page, zx, dgc)));
    // A credential-sized code (an EU DCC: ~500 characters, like a PS256 credential URL).
    if (PARTS.has('timing')) figures.push(...(await timingFigures(page, dgc[0] ?? zx[0]!)));
    figures.push(
      figure(SECTION, 'BarcodeDetector in this Chromium', hasDetector ? 1 : 0, {
        unit: hasDetector ? 'present' : 'absent',
        note: 'Debian Chromium on Linux has no BarcodeDetector; the ladder starts at zxing',
      }),
    );
    return figures;
  } finally {
    await browser.close();
    server?.close();
    rmSync(dist, { recursive: true, force: true });
  }
}
