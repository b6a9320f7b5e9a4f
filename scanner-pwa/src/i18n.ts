/**
 * The two languages of the scanner. Static text in index.html carries `data-i18n` keys; dynamic
 * text is looked up with `t()`. The choice is kept on the device.
 *
 * @example
 * setLang('en');
 * t('verify'); // "Verify"
 */
/** The languages of the UI (the same pair as the reason messages of shared-cose). */
export type Lang = 'ja' | 'en';

const STRINGS = {
  skip: ['本文へ移動', 'Skip to content'],
  appTitle: ['資格者証スキャナー', 'Certificate scanner'],
  menu: ['メニュー', 'Menu'],
  history: ['履歴', 'History'],
  updateReady: ['新しいバージョンがあります。', 'A new version is available.'],
  updateApply: ['更新する', 'Update'],
  scanHeading: ['QRコードを読み取る', 'Scan a QR code'],
  cameraHint: ['枠の中にQRコードを合わせてください', 'Hold the QR code inside the frame'],
  cameraStart: ['カメラを起動', 'Start camera'],
  cameraStop: ['停止', 'Stop'],
  torch: ['ライト', 'Torch'],
  switchCamera: ['カメラ切替', 'Switch camera'],
  otherWays: ['ほかの方法', 'Other ways'],
  pasteLabel: ['URLまたはデータを貼り付け', 'Paste a URL or data'],
  verify: ['確認する', 'Verify'],
  fileLabel: [
    '画像・PDFを開く（PNG / JPEG / WebP / PDF）',
    'Open an image or PDF (PNG / JPEG / WebP / PDF)',
  ],
  fileChoose: ['ファイルを選ぶ', 'Choose a file'],
  resultHeading: ['有効性確認', 'Verification'],
  scanAgain: ['次を確認する', 'Check another'],
  historyNote: [
    '履歴はこの端末の中だけに保存されます（氏名・生年月日を含みます）。',
    'History is kept only on this device (it includes names and birth dates).',
  ],
  historyEnable: ['履歴を保存する', 'Keep a history'],
  historyExport: ['CSVで書き出す', 'Export as CSV'],
  historyClear: ['すべて削除', 'Delete all'],
  historyEmpty: ['履歴はありません。', 'No history.'],
  historyConfirmClear: ['履歴をすべて削除しますか？', 'Delete the whole history?'],
  back: ['戻る', 'Back'],

  cameraDenied: [
    'カメラの使用が許可されていません。ブラウザの設定で許可するか、下の「ほかの方法」をお使いください。',
    'Camera access was denied. Allow it in the browser settings, or use one of the other ways below.',
  ],
  cameraMissing: [
    'この端末にはカメラが見つかりません。下の「ほかの方法」をお使いください。',
    'No camera was found on this device. Use one of the other ways below.',
  ],
  cameraInsecure: [
    'カメラは安全な接続（HTTPS）でのみ使えます。下の「ほかの方法」をお使いください。',
    'The camera only works over a secure connection (HTTPS). Use one of the other ways below.',
  ],
  cameraFailed: [
    'カメラを起動できませんでした。下の「ほかの方法」をお使いください。',
    'The camera could not be started. Use one of the other ways below.',
  ],
  reading: ['読み取り中…', 'Reading…'],
  verifying: ['確認中…', 'Verifying…'],
  noQr: ['QRコードが見つかりませんでした。', 'No QR code was found.'],
  fileUnsupported: [
    'この種類のファイルは開けません（PNG / JPEG / WebP / PDF）。',
    'This kind of file cannot be opened (PNG / JPEG / WebP / PDF).',
  ],
  fileUnreadable: ['ファイルを読み込めませんでした。', 'The file could not be read.'],
  emptyInput: ['URLまたはデータを入力してください。', 'Enter a URL or data.'],

  valid: ['有効です', 'Valid'],
  invalid: ['無効です', 'Invalid'],
  indeterminate: ['確認できません', 'Cannot be confirmed'],
  checkedAt: ['確認日時', 'Checked at'],
  registration: ['登録情報', 'Registration'],
  certificate: ['証明書情報', 'Certificate'],
  checks: ['確認の内訳', 'Checks'],
  issuingBody: ['発行機関', 'Issuing body'],
  qualificationName: ['資格名', 'Qualification'],
  holderName: ['名前', 'Name'],
  birthDate: ['生年月日', 'Date of birth'],
  registrationNumber: ['登録番号', 'Registration number'],
  registrationDate: ['登録年月日', 'Registration date'],
  issueDate: ['発行年月日', 'Issue date'],
  issuerName: ['交付者名', 'Issuer'],
  certificateId: ['証明書ID', 'Certificate ID'],
  signerIssuer: ['発行者', 'Issuer'],
  signerSubject: ['主体者', 'Subject'],
  serialNumber: ['シリアル番号', 'Serial number'],
  validity: ['有効期間', 'Validity'],
  trustKind: ['信頼の根拠', 'Trust'],
  trustChain: ['認証局の証明書で検証', 'Validated to a trust anchor'],
  trustPinned: ['設定で信頼された署名者', 'Pinned signer'],
  keyId: ['鍵ID', 'Key ID'],
  algorithm: ['署名方式', 'Algorithm'],
  checkDecode: ['データの読み取り', 'Decoding'],
  checkSignature: ['署名', 'Signature'],
  checkSignerCertificate: ['署名者の証明書', "Signer's certificate"],
  checkSignerRevocation: ['署名者の証明書の失効', "Signer's certificate revocation"],
  checkStatus: ['資格の状態', 'Qualification status'],
  statusPass: ['合格', 'pass'],
  statusFail: ['不合格', 'fail'],
  statusUnknown: ['不明', 'unknown'],
  statusSkipped: ['未実施', 'skipped'],
  via: ['確認方法', 'Checked by'],
  viaServer: ['確認サーバー', 'the verification server'],
  viaDevice: ['この端末（保存済みの信頼情報）', 'this device (saved trust data)'],
  statusAge: ['状態情報の取得', 'Status data fetched'],
  phishingTitle: [
    '資格者証の確認用URLではありません',
    'This is not a certificate verification URL',
  ],
  phishingBody: [
    'このQRコードは確認サイト以外の場所を指しています。開かずに、発行元へ確認してください。',
    'This QR code points somewhere other than the verification site. Do not open it; check with the issuer.',
  ],
  phishingTarget: ['読み取った内容', 'What the code contains'],

  deviceNoBundle: [
    'この端末には確認用の信頼情報がまだありません。一度オンラインで開いてください。',
    'This device has no trust data yet. Open the app once while online.',
  ],
  deviceNoKey: [
    'この配備では端末内での確認が設定されていません（署名鍵が未設定）。オンラインで確認してください。',
    'On-device checking is not set up for this deployment (no bundle key). Check while online.',
  ],
  deviceBadBundle: [
    '保存された信頼情報の署名を確認できません。オンラインで開き直してください。',
    'The saved trust data failed its signature check. Open the app again while online.',
  ],
  online: ['オンライン', 'Online'],
  offline: ['オフライン', 'Offline'],
  bundleNone: ['信頼情報: 未取得', 'Trust data: not yet downloaded'],
  bundleAge: ['信頼情報', 'Trust data'],
  clockBehind: [
    '端末の時計が、この端末で確認済みの時刻より遅れています。',
    'The device clock is behind a time this device has already seen.',
  ],
  agoMinutes: ['{n}分前', '{n} min ago'],
  agoHours: ['{n}時間前', '{n} h ago'],
  agoDays: ['{n}日前', '{n} days ago'],
  justNow: ['たった今', 'just now'],
} as const satisfies Record<string, readonly [string, string]>;

export type StringKey = keyof typeof STRINGS;

const LANG_KEY = 'dqcv.lang';
let current: Lang = readStoredLang();

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

/** The language in use. */
export function lang(): Lang {
  return current;
}

/** Switches the language, remembers it and re-labels the static page. */
export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  applyStaticText(document);
}

/** The text of `key` in the current language, with `{n}`-style placeholders filled in. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const text = STRINGS[key][current === 'ja' ? 0 : 1];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** Re-labels every `data-i18n` element and the document language. */
export function applyStaticText(root: Document): void {
  root.documentElement.lang = current;
  root.title = t('appTitle');
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n as StringKey);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAria as StringKey));
  }
  const toggle = root.getElementById('lang-toggle');
  if (toggle) {
    toggle.textContent = current === 'ja' ? 'English' : '日本語';
    toggle.lang = current === 'ja' ? 'en' : 'ja';
  }
}

/** "3時間前" / "3 h ago" for an age in milliseconds. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return t('justNow');
  if (minutes < 60) return t('agoMinutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('agoHours', { n: hours });
  return t('agoDays', { n: Math.floor(hours / 24) });
}
