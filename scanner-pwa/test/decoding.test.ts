/**
 * The decoder ladder on camera frames and files: inverted (light on dark) and mirrored codes
 * are read, a noisy frame is read by the zxing rung (the first rung where BarcodeDetector is
 * missing), which runs from the app's own .wasm (no request leaves the origin), Shift_JIS text comes out as Japanese, and a file with
 * no code says so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, phoneContext, readResult } from './helpers/browser';
import QRCode from 'qrcode';
import { pngToY4m, writeQrPng, type Transform } from './helpers/media';
import { shiftJis } from './helpers/qr-bytes';
import { serveApp, type StaticApp } from './helpers/static-server';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dqcv-pwa-decode-'));
// A web address: whichever rung reads it, the phishing screen shows the exact text it read.
const TEXT = 'https://example.org/some/page?id=12345';
const png = join(work, 'code.png');

let app: StaticApp;

beforeAll(async () => {
  await writeQrPng(TEXT, png);
  app = await serveApp(dist);
});

afterAll(async () => {
  await app?.close();
});

/** Scans a camera video of the code (after `transform`) and answers the text and the rung. */
async function scan(
  transform: Transform,
): Promise<{ text: string; decoder: string; foreign: string[] }> {
  const y4m = join(work, `code-${transform}.y4m`);
  await pngToY4m(png, y4m, transform);
  const browser: Browser = await launch(y4m);
  try {
    const context = await phoneContext(browser, app.origin);
    const page: Page = await openApp(context, app.origin);
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(app.origin) && !r.url().startsWith('blob:')) foreign.push(r.url());
    });
    await page.click('#camera-start');
    await readResult(page);
    return {
      text: (await page.locator('#result .qr-text').textContent()) ?? '',
      decoder: (await page.locator('#result').getAttribute('data-decoder')) ?? '',
      foreign,
    };
  } finally {
    await browser.close();
  }
}

describe('camera decoding', () => {
  it('reads an upright code', async () => {
    const read = await scan('none');
    expect(read.text).toBe(TEXT);
  });

  it('reads an inverted (light on dark) code', async () => {
    const read = await scan('invert');
    expect(read.text).toBe(TEXT);
  });

  it('reads a mirrored code', async () => {
    const read = await scan('mirror');
    expect(read.text).toBe(TEXT);
  });

  it('reads a noisy frame with zxing, its wasm served from our own origin', async () => {
    const read = await scan('noisy');
    expect(read).toEqual({ text: TEXT, decoder: 'zxing', foreign: [] });
  });
});

describe('file decoding', () => {
  it('reads a Shift_JIS code (no ECI, as Japanese codes are made) as Japanese text', async () => {
    const text = 'https://example.jp/?q=資格者証&k=ﾃﾞｼﾞﾀﾙ';
    const sjisPng = join(work, 'sjis.png');
    await QRCode.toFile(sjisPng, [{ mode: 'byte', data: shiftJis(text) }], {
      errorCorrectionLevel: 'M',
      margin: 4,
      width: 480,
    });
    const browser = await launch();
    try {
      const context = await phoneContext(browser, app.origin);
      const page = await openApp(context, app.origin);
      await page.setInputFiles('#file-input', sjisPng);
      // A web address that is not a verification URL: the warning shows the exact text read.
      await expect(readResult(page)).resolves.toEqual({
        result: 'invalid',
        codes: ['not_a_credential_url'],
      });
      await expect(page.locator('#result .qr-text').textContent()).resolves.toBe(text);
    } finally {
      await browser.close();
    }
  });

  it('says no QR code was found in an image without one', async () => {
    const blank = join(work, 'blank.png');
    // A 1×1 white PNG.
    writeFileSync(
      blank,
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    const browser = await launch();
    try {
      const context = await phoneContext(browser, app.origin);
      const page = await openApp(context, app.origin);
      await page.setInputFiles('#file-input', blank);
      const message = page.locator('#camera-message');
      await message.waitFor({ state: 'visible' });
      await expect(message.textContent()).resolves.toBe('QRコードが見つかりませんでした。');
    } finally {
      await browser.close();
    }
  });
});
