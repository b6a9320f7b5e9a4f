/**
 * The reason codes of a verdict: a public contract (DESIGN §3). HR systems switch on these
 * names, so they are only ever added to, never renamed.
 */
export const REASONS = {
  malformed: {
    result: 'invalid',
    ja: '証明書データの形式が正しくありません',
    en: 'The certificate data is not well-formed',
  },
  not_a_credential_url: {
    result: 'invalid',
    ja: '資格者証の確認用URLではありません',
    en: 'This is not a certificate verification URL',
  },
  no_qr_found: {
    result: 'invalid',
    ja: 'QRコードが見つかりませんでした',
    en: 'No QR code was found',
  },
  unsupported_algorithm: {
    result: 'invalid',
    ja: '署名アルゴリズムが許可されていません',
    en: 'The signature algorithm is missing or not allowed',
  },
  unknown_signer: {
    result: 'invalid',
    ja: '署名者が信頼されていません',
    en: 'The signer is not trusted',
  },
  signature_invalid: {
    result: 'invalid',
    ja: '署名が正しくありません。改ざんの可能性があります',
    en: 'The signature does not match; the record may have been altered',
  },
  signer_certificate_invalid: {
    result: 'invalid',
    ja: '署名者の証明書が有効ではありません',
    en: "The signer's certificate is not valid",
  },
  signer_certificate_revoked: {
    result: 'invalid',
    ja: '署名者の証明書は失効しています',
    en: "The signer's certificate has been revoked",
  },
  qualification_revoked: {
    result: 'invalid',
    ja: '資格は取り消されています',
    en: 'The qualification has been revoked',
  },
  qualification_suspended: {
    result: 'invalid',
    ja: '資格は一時停止されています',
    en: 'The qualification is suspended',
  },
  qualification_deleted: {
    result: 'invalid',
    ja: '資格の登録は削除されています',
    en: 'The qualification registration has been deleted',
  },
  certificate_superseded: {
    result: 'invalid',
    ja: 'この資格者証は新しいものに置き換えられています',
    en: 'This certificate has been replaced by a newer one',
  },
  certificate_unknown: {
    result: 'invalid',
    ja: '登録簿にこの資格者証の記録がありません',
    en: 'The registry has no record of this certificate',
  },
  registry_unavailable: {
    result: 'indeterminate',
    ja: '資格の状態を確認できませんでした',
    en: 'The qualification status could not be obtained',
  },
  crl_unavailable: {
    result: 'indeterminate',
    ja: '証明書失効リストを確認できませんでした',
    en: 'The certificate revocation list could not be checked',
  },
  crl_stale: {
    result: 'indeterminate',
    ja: '証明書失効リストの有効期限が切れています',
    en: 'The certificate revocation list is out of date',
  },
  status_stale: {
    result: 'indeterminate',
    ja: '保存された資格状態の情報が古すぎます',
    en: 'The cached status information is too old',
  },
} as const satisfies Record<
  string,
  { result: 'invalid' | 'indeterminate'; ja: string; en: string }
>;

/** Every reason code, as one union: the API, the page and the PWA switch on the same names. */
export type ReasonCode = keyof typeof REASONS;

export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export type Lang = 'ja' | 'en';

/** The message of a reason code in the given language. */
export function reasonMessage(code: ReasonCode, lang: Lang): string {
  return REASONS[code][lang];
}
