/**
 * The scanner app: wires the views (scan, result, history) to the camera, the file and paste
 * inputs and the verification flow. Heavy parts (the verification library, pdf.js, zxing) are
 * loaded on first use so that the first screen appears fast.
 */
import './style.css';
import { loadConfig, type AppConfig } from './config';
import { applyStaticText, lang, setLang, t } from './i18n';
import { fileKind, readImageFile, readPdfFile } from './input/files';
import { takeSharedItems } from './input/share-inbox';
import { startCamera, CameraError, type CameraSession } from './scan/camera';
import type { QrRead } from './scan/ladder';
import { TrustedClock } from './trust/clock';
import { byId } from './ui/dom';
import { initHistoryView, recordOutcome } from './ui/history-view';
import type { FlowResult } from './verify/flow';
import { initStatusBar, refreshStatusBar } from './ui/status-bar';
import { registerServiceWorker } from './platform/sw-register';

const clock = new TrustedClock(localStorage);
let config: AppConfig;
let camera: CameraSession | null = null;
let lastOutcome: FlowResult | null = null;

const views = ['view-scan', 'view-result', 'view-history'] as const;
type View = (typeof views)[number];

function show(view: View, focus?: HTMLElement): void {
  for (const id of views) byId(id).hidden = id !== view;
  if (view !== 'view-scan') stopCamera();
  (focus ?? byId('main')).focus();
}

function busy(key: Parameters<typeof t>[0] | null): void {
  const el = byId('busy');
  el.hidden = key === null;
  el.textContent = key === null ? '' : t(key);
}

function cameraMessage(text: string | null): void {
  const el = byId('camera-message');
  el.hidden = text === null;
  el.textContent = text ?? '';
}

// ---------------------------------------------------------------- camera

async function startScanning(): Promise<void> {
  cameraMessage(null);
  const video = byId<HTMLVideoElement>('video');
  try {
    camera = await startCamera(video, (read) => void onRead(read));
  } catch (err) {
    const problem = err instanceof CameraError ? err.problem : 'failed';
    const key = {
      insecure: 'cameraInsecure',
      denied: 'cameraDenied',
      missing: 'cameraMissing',
      failed: 'cameraFailed',
    } as const;
    cameraMessage(t(key[problem]));
    byId('camera').dataset.state = 'off';
    return;
  }
  byId('camera').dataset.state = 'on';
  byId('camera-start').hidden = true;
  byId('camera-stop').hidden = false;
  byId('camera-torch').hidden = !camera.torchAvailable;
  byId('camera-switch').hidden = !camera.canSwitch;
}

function stopCamera(): void {
  camera?.stop();
  camera = null;
  byId('camera').dataset.state = 'off';
  byId('camera-start').hidden = false;
  byId('camera-stop').hidden = true;
  byId('camera-torch').hidden = true;
  byId('camera-switch').hidden = true;
}

async function onRead(read: QrRead): Promise<void> {
  stopCamera();
  await check(read.text, read.decoder);
}

// ---------------------------------------------------------------- checking

async function check(text: string, decoder?: string): Promise<void> {
  busy('verifying');
  try {
    // The verification library and the result screen are loaded on the first check only.
    const [{ checkQrText }, { renderFlowResult }] = await Promise.all([
      import('./verify/flow'),
      import('./ui/result'),
    ]);
    const outcome = await checkQrText(text, { config, clock, lang: lang() });
    lastOutcome = outcome;
    const container = byId('result');
    renderFlowResult(container, outcome);
    if ('verdict' in outcome) await recordOutcome(outcome).catch(() => undefined);
    container.dataset.decoder = decoder ?? 'text';
    // Focus lands on the result words, so a screen reader says the result first.
    show('view-result', document.getElementById('verdict-text') ?? byId('result-heading'));
  } finally {
    busy(null);
    refreshStatusBar(clock);
  }
}

async function openFile(file: File): Promise<void> {
  const kind = fileKind(file);
  if (!kind) {
    cameraMessage(t('fileUnsupported'));
    return;
  }
  busy('reading');
  let read: QrRead | null;
  try {
    read = kind === 'pdf' ? await readPdfFile(file) : await readImageFile(file);
  } catch {
    busy(null);
    cameraMessage(t('fileUnreadable'));
    return;
  }
  busy(null);
  if (!read) {
    cameraMessage(t('noQr'));
    return;
  }
  cameraMessage(null);
  await check(read.text, read.decoder);
}

// ---------------------------------------------------------------- wiring

function wire(): void {
  byId('camera-start').addEventListener('click', () => void startScanning());
  byId('camera-stop').addEventListener('click', stopCamera);
  byId('camera-switch').addEventListener('click', () => void camera?.switchCamera());
  byId('camera-torch').addEventListener('click', async (event) => {
    const button = event.currentTarget as HTMLButtonElement;
    const on = button.getAttribute('aria-pressed') !== 'true';
    if (await camera?.setTorch(on)) button.setAttribute('aria-pressed', String(on));
  });

  byId<HTMLFormElement>('paste-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = byId<HTMLTextAreaElement>('paste-input').value.trim();
    if (text === '') {
      cameraMessage(t('emptyInput'));
      return;
    }
    void check(text);
  });

  // The native file control is hidden: its text is in the browser's language, not the app's,
  // and it cannot take the app's style. A real button opens it, so Tab and Enter work.
  byId('file-pick').addEventListener('click', () => byId<HTMLInputElement>('file-input').click());
  byId<HTMLInputElement>('file-input').addEventListener('change', (event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void openFile(file);
  });

  byId('scan-again').addEventListener('click', () => {
    byId<HTMLTextAreaElement>('paste-input').value = '';
    show('view-scan', byId('scan-heading'));
  });

  byId('lang-toggle').addEventListener('click', async () => {
    setLang(lang() === 'ja' ? 'en' : 'ja');
    refreshStatusBar(clock);
    if (!lastOutcome || byId('view-result').hidden) return;
    const { renderFlowResult } = await import('./ui/result');
    renderFlowResult(byId('result'), lastOutcome);
  });

  initHistoryView({
    open: () => show('view-history', byId('history-heading')),
    close: () => show('view-scan', byId('scan-heading')),
  });

  // The camera stops whenever the page is hidden: a backgrounded tab must not keep filming.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') stopCamera();
  });
}

async function main(): Promise<void> {
  applyStaticText(document);
  wire();
  config = await loadConfig();
  initStatusBar(config, clock);
  registerServiceWorker();

  const shared = await takeSharedItems().catch(() => null);
  if (shared?.file) await openFile(shared.file);
  else if (shared?.text) await check(shared.text);
  document.body.dataset.ready = 'true';
}

void main();
