/**
 * The installable app: a manifest with icons and a share target, a service worker that starts
 * the app with no network after the first visit, and a Web Share Target POST (a file shared
 * from mail) that lands in the app and is read.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, phoneContext, readResult } from './helpers/browser';
import { writeQrPng } from './helpers/media';
import { serveApp, type StaticApp } from './helpers/static-server';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const shots = fileURLToPath(new URL('../test-results', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dqcv-pwa-install-'));
const PHISHING_URL = 'https://example.net/reset-password';

let app: StaticApp;
let browser: Browser;

beforeAll(async () => {
  await writeQrPng(PHISHING_URL, join(work, 'shared.png'));
  app = await serveApp(dist);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Opens the app and waits until its service worker controls the page. */
async function openControlled(context: BrowserContext): Promise<Page> {
  const page = await openApp(context, app.origin);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  return page;
}

describe('installable app', () => {
  it('has a manifest with 192 and 512 px icons, a maskable icon and a share target', async () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.webmanifest'), 'utf8'));
    expect(manifest).toMatchObject({
      start_url: '/app/',
      scope: '/app/',
      display: 'standalone',
      share_target: { action: '/app/share', method: 'POST', enctype: 'multipart/form-data' },
    });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual([
      '192x192',
      '512x512',
      '512x512',
    ]);
    expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
  });

  it('starts with no network after the first visit', async () => {
    const context = await phoneContext(browser, app.origin);
    const page = await openControlled(context);
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');

    await expect(page.locator('#net-state').textContent()).resolves.toBe('オフライン');
    await page.screenshot({ path: join(shots, 'offline-start.png') });
    await context.close();
  });

  it('reads a file shared to the app (Web Share Target POST)', async () => {
    const context = await phoneContext(browser, app.origin);
    const page = await openControlled(context);
    const png = readFileSync(join(work, 'shared.png')).toString('base64');

    // The share sheet sends a multipart POST to the share_target action; a form does the same.
    await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = '/app/share';
      form.enctype = 'multipart/form-data';
      const input = document.createElement('input');
      input.type = 'file';
      input.name = 'file';
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'certificate.png', { type: 'image/png' }));
      input.files = transfer.files;
      form.append(input);
      document.body.append(form);
      form.submit();
    }, png);

    await expect(readResult(page)).resolves.toEqual({
      result: 'invalid',
      codes: ['not_a_credential_url'],
    });
    expect(new URL(page.url()).search).toBe('');
    await context.close();
  });

  it('reads a link shared as text', async () => {
    const context = await phoneContext(browser, app.origin);
    const page = await openControlled(context);
    await page.evaluate((text) => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = '/app/share';
      form.enctype = 'multipart/form-data';
      const input = document.createElement('input');
      input.name = 'text';
      input.value = `資格者証を送ります ${text}`;
      form.append(input);
      document.body.append(form);
      form.submit();
    }, PHISHING_URL);

    await expect(readResult(page)).resolves.toEqual({
      result: 'invalid',
      codes: ['not_a_credential_url'],
    });
    await expect(page.locator('#result .qr-text').textContent()).resolves.toBe(PHISHING_URL);
    await context.close();
  });
});
