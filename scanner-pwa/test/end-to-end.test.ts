/**
 * The scanner against the real system (server/: verifier, registry and this app at /app/, with
 * the config.json that the host writes: its address and its bundle key):
 * credentials issued by the registry, read by the fake camera (upright, inverted, mirrored),
 * from an image, from the issuer's PDF and from pasted text; then offline, from the signed
 * trust bundle alone, including a bundle past its allowed age and a clock set back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armFileChooser, launch, openApp, phoneContext, readResult } from './helpers/browser';
import { pngToY4m, writeQrPng, type Transform } from './helpers/media';
import { hostAvailable, startSystem, workDir, type System } from './helpers/system';

const shots = fileURLToPath(new URL('../test-results', import.meta.url));
const work = workDir();

let system: System;
let valid: { url: string; certificateId: string };
let revoked: { url: string; certificateId: string };
let browser: Browser;

if (!hostAvailable) {
  console.warn('scanner-pwa end-to-end: server/src/main.ts is absent; these tests are skipped.');
}

beforeAll(async () => {
  if (!hostAvailable) return;
  system = await startSystem();
  valid = await system.issue('試験 花子');
  revoked = await system.issue('試験 太郎');
  await system.setStatus(revoked.certificateId, 'revoked');
  await writeQrPng(valid.url, join(work, 'valid.png'));
  await writeQrPng(revoked.url, join(work, 'revoked.png'));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** Scans a camera video of `png` (after `transform`) in a browser of its own. */
async function scanWithCamera(png: string, transform: Transform, shot?: string) {
  const y4m = join(work, `${png.replace(/\W/g, '_')}-${transform}.y4m`);
  await pngToY4m(png, y4m, transform);
  const camera = await launch(y4m);
  try {
    const context = await phoneContext(camera, system.origin);
    const page = await openApp(context, system.origin);
    await page.click('#camera-start');
    const shown = await readResult(page);
    if (shot) await page.screenshot({ path: join(shots, shot), fullPage: true });
    return shown;
  } finally {
    await camera.close();
  }
}

async function paste(page: Page, text: string) {
  await page.fill('#paste-input', text);
  await page.click('#paste-form button[type="submit"]');
  const shown = await readResult(page);
  const via = await page.locator('#result [data-via]').getAttribute('data-via');
  return { ...shown, via };
}

async function again(page: Page) {
  await page.click('#scan-again');
  await page.locator('#view-scan').waitFor({ state: 'visible' });
}

describe.skipIf(!hostAvailable)('camera', () => {
  it('shows 有効です for a valid certificate', async () => {
    await expect(scanWithCamera(join(work, 'valid.png'), 'none', 'valid.png')).resolves.toEqual({
      result: 'valid',
      codes: [],
    });
  });

  it('shows 無効です（取消）for a revoked certificate', async () => {
    await expect(scanWithCamera(join(work, 'revoked.png'), 'none', 'revoked.png')).resolves.toEqual(
      { result: 'invalid', codes: ['qualification_revoked'] },
    );
  });

  it('reads an inverted code', async () => {
    await expect(scanWithCamera(join(work, 'valid.png'), 'invert')).resolves.toEqual({
      result: 'valid',
      codes: [],
    });
  });

  it('reads a mirrored code', async () => {
    await expect(scanWithCamera(join(work, 'valid.png'), 'mirror')).resolves.toEqual({
      result: 'valid',
      codes: [],
    });
  });
});

describe.skipIf(!hostAvailable)('other ways in', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phoneContext(browser, system.origin);
    page = await openApp(context, system.origin);
    await armFileChooser(page);
  });
  afterAll(async () => context?.close());

  it('shows the scan screen with its aim frame and the other ways in', async () => {
    await expect(page.locator('.aim span').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(shots, 'scan-screen.png'), fullPage: true });
  });

  it('lines the camera box up with the cards below it', async () => {
    const camera = await page.locator('#camera').boundingBox();
    const card = await page.locator('#paste-form').boundingBox();
    expect(camera!.x).toBeCloseTo(card!.x, 0);
    expect(camera!.width).toBeCloseTo(card!.width, 0);
  });

  it('opens the file picker from its labelled button with the keyboard', async () => {
    await expect(page.locator('#file-input').isVisible()).resolves.toBe(false);
    await expect(page.locator('#file-pick').textContent()).resolves.toContain('ファイルを選ぶ');
    await page.focus('#file-pick');
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    const picked = await chooser;
    await picked.setFiles(join(work, 'valid.png'));
    await expect(readResult(page)).resolves.toEqual({ result: 'valid', codes: [] });
    await again(page);
  });

  it('verifies an opened image', async () => {
    await page.setInputFiles('#file-input', join(work, 'valid.png'));
    await expect(readResult(page)).resolves.toEqual({ result: 'valid', codes: [] });
    await again(page);
  });

  it("verifies the issuer's PDF certificate", async () => {
    const pdf = join(work, 'certificate.pdf');
    await system.pdf(valid.certificateId, pdf);
    await page.setInputFiles('#file-input', pdf);
    await expect(readResult(page)).resolves.toEqual({ result: 'valid', codes: [] });
    await again(page);
  });

  it('verifies a pasted URL, showing 登録情報 and 証明書情報', async () => {
    await expect(paste(page, valid.url)).resolves.toEqual({
      result: 'valid',
      codes: [],
      via: 'server',
    });
    await expect(page.locator('#verdict-text').textContent()).resolves.toBe('有効です');
    await expect(page.locator('#result table').first().textContent()).resolves.toContain(
      '試験 花子',
    );
    await page.locator('#result details summary').first().click();
    await page.screenshot({ path: join(shots, 'valid-details.png'), fullPage: true });
    await again(page);
  });

  it('shows the result in English after switching language', async () => {
    await paste(page, revoked.url);
    await page.click('#lang-toggle');
    // The result is drawn again after the result module loads (main.ts, lang-toggle).
    await expect
      .poll(() => page.locator('#verdict-text').textContent())
      .toBe('Invalid (The qualification has been revoked)');
    await page.screenshot({ path: join(shots, 'revoked-en.png'), fullPage: true });
    await page.click('#lang-toggle');
    await again(page);
  });
});

describe.skipIf(!hostAvailable)('history on the device', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phoneContext(browser, system.origin);
    page = await openApp(context, system.origin);
    page.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => context?.close());

  async function openHistory() {
    await page.click('#open-history');
    await page.locator('#view-history').waitFor({ state: 'visible' });
  }

  it('keeps nothing while history is off (the default)', async () => {
    await paste(page, valid.url);
    await again(page);
    await openHistory();
    await expect(page.locator('#history-enabled').isChecked()).resolves.toBe(false);
    await expect(page.locator('#history-list li').count()).resolves.toBe(0);
    await page.click('#history-close');
  });

  it('exports the kept checks as CSV with a byte order mark', async () => {
    await openHistory();
    await page.check('#history-enabled');
    await page.click('#history-close');
    await paste(page, revoked.url);
    await again(page);
    await openHistory();
    // The list is read from IndexedDB after the view opens.
    await expect.poll(() => page.locator('#history-list li').count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#history-export'),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('qualification_revoked');
    expect(csv).toContain('試験 太郎');
    await page.screenshot({ path: join(shots, 'history.png'), fullPage: true });
  });

  it('deletes the whole history', async () => {
    await page.click('#history-clear');
    await expect.poll(() => page.locator('#history-list li').count()).toBe(0);
    await expect(page.locator('#history-list').textContent()).resolves.toBe('履歴はありません。');
  });
});

describe.skipIf(!hostAvailable)('offline, from the signed trust bundle', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await phoneContext(browser, system.origin);
    page = await openApp(context, system.origin);
    // The background refresh stores the bundle; the footer then shows its issue time.
    await page.locator('#bundle-state[data-issued-at]').waitFor({ timeout: 45_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => context?.close());

  it('verifies a valid certificate on the device', async () => {
    await expect(paste(page, valid.url)).resolves.toEqual({
      result: 'valid',
      codes: [],
      via: 'device',
    });
    await expect(page.locator('#result [data-status-age]').count()).resolves.toBe(1);
    await page.screenshot({ path: join(shots, 'offline-valid.png'), fullPage: true });
    await again(page);
  });

  it('finds a revoked certificate revoked on the device', async () => {
    await expect(paste(page, revoked.url)).resolves.toEqual({
      result: 'invalid',
      codes: ['qualification_revoked'],
      via: 'device',
    });
    await again(page);
  });

  it('answers status_stale, never valid, once the status data is past its allowed age', async () => {
    await page.clock.setSystemTime(Date.now() + 3 * 24 * 3600_000);
    const shown = await paste(page, valid.url);
    expect(shown.result).toBe('indeterminate');
    expect(shown.codes).toContain('status_stale');
    await page.screenshot({ path: join(shots, 'offline-stale.png'), fullPage: true });
    await again(page);
  });

  it('flags a device clock set back behind what the app has seen, and still answers stale', async () => {
    await page.clock.setSystemTime(Date.now() - 10 * 24 * 3600_000);
    const shown = await paste(page, valid.url);
    expect(shown.result).toBe('indeterminate');
    expect(shown.codes).toContain('status_stale');
    await expect(page.locator('#clock-state').isVisible()).resolves.toBe(true);
  });
});
