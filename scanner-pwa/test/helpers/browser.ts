/**
 * Debian's Chromium, driven by playwright-core (never a downloaded browser). A suite that feeds
 * the fake camera passes a y4m file; Chromium then shows that video as the only camera and grants
 * the permission prompt.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium; with `cameraY4m`, a fake camera plays that file in a loop. */
export function launch(cameraY4m?: string): Promise<Browser> {
  const args = [...BASE_ARGS];
  if (cameraY4m) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${cameraY4m}`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** A phone-sized context (390×844, touch, Japanese) with camera permission when asked. */
export async function phoneContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'ja-JP',
    serviceWorkers: 'allow',
  });
  await context.grantPermissions(['camera'], { origin });
  return context;
}

/** Opens the app and waits until it has wired its controls. */
export async function openApp(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/app/`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** The result screen's machine-readable answer: result and every reason code. */
export interface ShownResult {
  result: string;
  codes: string[];
}

/** Waits for the result screen and reads its result and reason codes. */
export async function readResult(page: Page): Promise<ShownResult> {
  const banner = page.locator('#view-result:not([hidden]) #result [data-result]').first();
  await banner.waitFor({ state: 'visible', timeout: 45_000 });
  const result = (await banner.getAttribute('data-result')) ?? '';
  const codes = ((await banner.getAttribute('data-codes')) ?? '').split(' ').filter(Boolean);
  return { result, codes };
}

/**
 * Turns on Playwright's file-chooser interception and waits one round trip, so that the first
 * chooser a test opens is caught. Playwright enables it when the first `filechooser` listener is
 * added without waiting for Chromium's answer; Debian's Chromium 156.0.8078.114 opened the first
 * chooser before interception took effect (the keyboard test timed out, later choosers did not).
 */
export async function armFileChooser(page: Page): Promise<void> {
  page.on('filechooser', () => undefined);
  await page.evaluate(() => undefined);
}
