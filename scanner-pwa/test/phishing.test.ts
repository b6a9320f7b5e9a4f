/**
 * A QR that is a plain web address, not a verification URL, is flagged as not a certificate
 * (not_a_credential_url) before anything is opened: by camera, by image and by paste.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, phoneContext, readResult } from './helpers/browser';
import { pngToY4m, writeQrPng } from './helpers/media';
import { serveApp, type StaticApp } from './helpers/static-server';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const shots = fileURLToPath(new URL('../test-results', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dqcv-pwa-phish-'));
const PHISHING_URL = 'https://example.com/login?next=/w/';

let app: StaticApp;
let browser: Browser;
const png = join(work, 'phish.png');
const y4m = join(work, 'phish.y4m');

beforeAll(async () => {
  await writeQrPng(PHISHING_URL, png);
  await pngToY4m(png, y4m);
  app = await serveApp(dist);
  browser = await launch(y4m);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('phishing warning', () => {
  it('warns about a plain web URL read by the camera, and stops the camera', async () => {
    const context = await phoneContext(browser, app.origin);
    const page = await openApp(context, app.origin);
    await page.click('#camera-start');

    const shown = await readResult(page);

    expect(shown).toEqual({ result: 'invalid', codes: ['not_a_credential_url'] });
    await expect(page.locator('#result .qr-text').textContent()).resolves.toBe(PHISHING_URL);
    await expect(page.locator('#result a').count()).resolves.toBe(0);
    await expect(
      page.evaluate(() => document.querySelector('video')?.srcObject ?? null),
    ).resolves.toBeNull();
    await page.screenshot({ path: join(shots, 'phishing.png'), fullPage: true });
    await context.close();
  });

  it('warns about a plain web URL in an opened image', async () => {
    const context = await phoneContext(browser, app.origin);
    const page = await openApp(context, app.origin);
    await page.setInputFiles('#file-input', png);

    await expect(readResult(page)).resolves.toEqual({
      result: 'invalid',
      codes: ['not_a_credential_url'],
    });
    await context.close();
  });

  it('warns about a pasted web URL', async () => {
    const context = await phoneContext(browser, app.origin);
    const page = await openApp(context, app.origin);
    await page.fill('#paste-input', PHISHING_URL);
    await page.click('#paste-form button[type="submit"]');

    await expect(readResult(page)).resolves.toEqual({
      result: 'invalid',
      codes: ['not_a_credential_url'],
    });
    await context.close();
  });
});
