/** The words of the human page (/w/), in the two languages it speaks. */
import type { CheckName, CheckStatus, Lang, VerdictResult } from '@dqcv/shared-cose';

export interface Labels {
  title: string;
  checkedAt: string;
  result: string;
  results: Record<VerdictResult, string>;
  registration: string;
  notShown: string;
  fields: {
    issuingBody: string;
    qualificationName: string;
    holderName: string;
    birthDate: string;
    registrationNumber: string;
    registrationDate: string;
    issueDate: string;
    certificateId: string;
  };
  certificate: string;
  signer: {
    issuer: string;
    subject: string;
    serialNumber: string;
    validity: string;
    kid: string;
    trust: string;
    chain: string;
    pinned: string;
  };
  checks: string;
  checkNames: Record<CheckName, string>;
  checkStatus: Record<CheckStatus, string>;
  otherLanguage: string;
  scanAnother: string;
  noInput: string;
}

export const LABELS: Record<Lang, Labels> = {
  ja: {
    title: '有効性確認',
    checkedAt: '確認日時',
    result: '検証結果',
    results: { valid: '有効です', invalid: '無効です', indeterminate: '確認できません' },
    registration: '登録情報',
    notShown: '署名を確認できないため、登録情報は表示しません。',
    fields: {
      issuingBody: '発行機関',
      qualificationName: '資格名',
      holderName: '名前',
      birthDate: '生年月日',
      registrationNumber: '登録番号',
      registrationDate: '登録年月日',
      issueDate: '発行年月日',
      certificateId: '証明書ID',
    },
    certificate: '証明書情報',
    signer: {
      issuer: '発行者',
      subject: '主体者',
      serialNumber: 'シリアル番号',
      validity: '有効期間',
      kid: '鍵ID',
      trust: '信頼の根拠',
      chain: 'トラストアンカーまで検証済み',
      pinned: '設定により個別に信頼',
    },
    checks: '検証項目',
    checkNames: {
      decode: 'データ形式',
      signature: '署名',
      signer_certificate: '署名者の証明書',
      signer_revocation: '署名者の証明書の失効確認',
      status: '資格の状態',
    },
    checkStatus: { pass: '合格', fail: '不合格', unknown: '確認できず', skipped: '未実施' },
    otherLanguage: 'English',
    scanAnother: '別の資格者証を確認する',
    noInput: '確認する資格者証のデータがありません。QRコードを読み取ってください。',
  },
  en: {
    title: 'Validity check',
    checkedAt: 'Checked at',
    result: 'Result',
    results: { valid: 'Valid', invalid: 'Invalid', indeterminate: 'Cannot be confirmed' },
    registration: 'Registration',
    notShown: 'The signature could not be confirmed, so the registration details are not shown.',
    fields: {
      issuingBody: 'Issuing body',
      qualificationName: 'Qualification',
      holderName: 'Name',
      birthDate: 'Date of birth',
      registrationNumber: 'Registration number',
      registrationDate: 'Registration date',
      issueDate: 'Issue date',
      certificateId: 'Certificate ID',
    },
    certificate: 'Certificate information',
    signer: {
      issuer: 'Issuer',
      subject: 'Subject',
      serialNumber: 'Serial number',
      validity: 'Validity',
      kid: 'Key ID',
      trust: 'Trusted because',
      chain: 'validated to a trust anchor',
      pinned: 'pinned by configuration',
    },
    checks: 'Checks',
    checkNames: {
      decode: 'Data format',
      signature: 'Signature',
      signer_certificate: "Signer's certificate",
      signer_revocation: "Signer's certificate revocation",
      status: 'Qualification status',
    },
    checkStatus: { pass: 'passed', fail: 'failed', unknown: 'not confirmed', skipped: 'not run' },
    otherLanguage: '日本語',
    scanAnother: 'Check another certificate',
    noInput: 'There is no certificate data to check. Scan the QR code.',
  },
};

/** Formats an instant as Japan time, `yyyy/mm/dd hh:mm:ss (JST)`, as the official page does. */
export function formatJst(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const j = new Date(t.getTime() + 9 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${j.getUTCFullYear()}/${p(j.getUTCMonth() + 1)}/${p(j.getUTCDate())} ` +
    `${p(j.getUTCHours())}:${p(j.getUTCMinutes())}:${p(j.getUTCSeconds())} (JST)`
  );
}

/** Shows a yyyy-mm-dd date in the style of the certificate, yyyy/mm/dd. */
export function formatDate(date: string | undefined): string | undefined {
  return date?.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1/$2/$3');
}
