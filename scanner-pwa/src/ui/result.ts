/**
 * The result screen, laid out like the official verification page: heading 有効性確認, the time
 * of the check, the result in large type with its reason, the 登録情報 table and a collapsible
 * 証明書情報. The result is said by shape and words, not by colour alone.
 */
import { reasonMessage, type ReasonCode, type Verdict } from '@dqcv/shared-cose';
import { formatAge, lang, t, type StringKey } from '../i18n';
import type { DeviceUnavailable } from '../verify/device';
import { h, resultIcon } from './dom';
import { formatDate, formatJst } from './format';

/** A verdict and how it was reached. */
export interface Outcome {
  verdict: Verdict;
  via: 'server' | 'device';
  /** Device checks: when the status data used was fetched (for "how old"). */
  statusFetchedAt?: Date;
  /** The trusted "now" the age is measured against. */
  now?: Date;
}

const RESULT_KEY: Record<Verdict['result'], StringKey> = {
  valid: 'valid',
  invalid: 'invalid',
  indeterminate: 'indeterminate',
};

/** The headline text: 有効です / 無効です（理由）/ 確認できません（理由）. */
export function headline(verdict: Verdict): string {
  const word = t(RESULT_KEY[verdict.result]);
  const first = verdict.reasons[0];
  if (verdict.result === 'valid' || !first) return word;
  const message = reasonText(first.code, first.message);
  return lang() === 'ja' ? `${word}（${message}）` : `${word} (${message})`;
}

/** The message of a reason in the UI language (codes unknown to this build keep the server's). */
function reasonText(code: ReasonCode, fallback: string): string {
  try {
    return reasonMessage(code, lang());
  } catch {
    return fallback;
  }
}

function row(label: StringKey, value: string | undefined): HTMLTableRowElement | null {
  if (value === undefined || value === '') return null;
  return h('tr', {}, h('th', { scope: 'row' }, t(label)), h('td', {}, value));
}

const CHECK_LABEL: Record<string, StringKey> = {
  decode: 'checkDecode',
  signature: 'checkSignature',
  signer_certificate: 'checkSignerCertificate',
  signer_revocation: 'checkSignerRevocation',
  status: 'checkStatus',
};

const STATUS_LABEL: Record<string, StringKey> = {
  pass: 'statusPass',
  fail: 'statusFail',
  unknown: 'statusUnknown',
  skipped: 'statusSkipped',
};

/** Renders an outcome into `container`, replacing what was there. */
export function renderOutcome(container: HTMLElement, outcome: Outcome): void {
  const { verdict } = outcome;
  const c = verdict.credential;
  const s = verdict.signer;

  const banner = h(
    'div',
    {
      class: `verdict verdict-${verdict.result}`,
      'data-result': verdict.result,
      'data-codes': verdict.reasons.map((r) => r.code).join(' '),
    },
    resultIcon(verdict.result),
    h('p', { class: 'verdict-text', id: 'verdict-text', tabindex: '-1' }, headline(verdict)),
  );

  const reasons =
    verdict.reasons.length > 1
      ? h(
          'ul',
          { class: 'reasons' },
          ...verdict.reasons.map((r) =>
            h('li', { 'data-code': r.code }, reasonText(r.code, r.message)),
          ),
        )
      : null;

  const meta = h(
    'dl',
    { class: 'meta' },
    h('dt', {}, t('checkedAt')),
    h('dd', {}, formatJst(verdict.checkedAt)),
    h('dt', {}, t('via')),
    h('dd', { 'data-via': outcome.via }, t(outcome.via === 'server' ? 'viaServer' : 'viaDevice')),
    ...statusAge(outcome),
  );

  const registration = c
    ? h(
        'section',
        { class: 'card', 'aria-labelledby': 'reg-heading' },
        h('h3', { id: 'reg-heading' }, t('registration')),
        h(
          'table',
          { class: 'kv' },
          h(
            'tbody',
            {},
            row('issuingBody', c.issuingBody),
            row('qualificationName', c.qualificationName),
            row('holderName', c.holderName),
            row('birthDate', formatDate(c.birthDate)),
            row('registrationNumber', c.registrationNumber),
            row('registrationDate', formatDate(c.registrationDate)),
            row('issueDate', formatDate(c.issueDate)),
            row('issuerName', c.issuerName),
            row('certificateId', c.certificateId),
          ),
        ),
      )
    : null;

  const certificate = s
    ? h(
        'details',
        { class: 'card' },
        h('summary', {}, t('certificate')),
        h(
          'table',
          { class: 'kv' },
          h(
            'tbody',
            {},
            row('signerIssuer', s.issuer),
            row('signerSubject', s.subject),
            row('serialNumber', s.serialNumber),
            row('validity', `${formatJst(s.notBefore)} – ${formatJst(s.notAfter)}`),
            row('trustKind', t(s.trust === 'chain' ? 'trustChain' : 'trustPinned')),
            row('keyId', s.kid),
            row('algorithm', s.alg),
          ),
        ),
      )
    : null;

  const checks = h(
    'details',
    { class: 'card' },
    h('summary', {}, t('checks')),
    h(
      'ul',
      { class: 'checks' },
      ...verdict.checks.map((check) =>
        h(
          'li',
          { 'data-check': check.name, 'data-status': check.status },
          `${t(CHECK_LABEL[check.name] ?? 'checks')}: ${t(STATUS_LABEL[check.status] ?? 'checks')}`,
          check.code ? ` — ${reasonText(check.code, check.code)}` : '',
        ),
      ),
    ),
  );

  container.replaceChildren(
    banner,
    ...[reasons, meta, registration, certificate, checks].filter(
      (n): n is HTMLElement => n !== null,
    ),
  );
}

function statusAge(outcome: Outcome): HTMLElement[] {
  const fetched =
    outcome.statusFetchedAt ??
    (outcome.verdict.status ? new Date(outcome.verdict.status.fetchedAt) : undefined);
  if (!fetched || Number.isNaN(fetched.getTime())) return [];
  const now = outcome.now ?? new Date();
  return [
    h('dt', {}, t('statusAge')),
    h(
      'dd',
      { 'data-status-age': String(now.getTime() - fetched.getTime()) },
      lang() === 'ja'
        ? `${formatJst(fetched)}（${formatAge(Math.max(0, now.getTime() - fetched.getTime()))}）`
        : `${formatJst(fetched)} (${formatAge(Math.max(0, now.getTime() - fetched.getTime()))})`,
    ),
  ];
}

/**
 * The phishing warning for a QR that points somewhere other than a verification host. The text
 * is shown as text, never as a link, so that nothing is opened by accident.
 */
export function renderPhishing(container: HTMLElement, text: string): void {
  container.replaceChildren(
    h(
      'div',
      {
        class: 'verdict verdict-warning',
        'data-result': 'invalid',
        'data-codes': 'not_a_credential_url',
      },
      resultIcon('warning'),
      h('p', { class: 'verdict-text', id: 'verdict-text', tabindex: '-1' }, t('phishingTitle')),
    ),
    h('p', { class: 'notice' }, t('phishingBody')),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, t('phishingTarget')),
      h('p', { class: 'qr-text' }, text.length > 500 ? `${text.slice(0, 500)}…` : text),
    ),
  );
}

const UNAVAILABLE_TEXT: Record<DeviceUnavailable['unavailable'], StringKey> = {
  no_bundle: 'deviceNoBundle',
  no_bundle_key: 'deviceNoKey',
  bundle_invalid: 'deviceBadBundle',
};

/**
 * The device could not check at all (offline, and no usable trust data): 確認できません, with
 * what to do. This is not a verdict on the credential, so it carries no reason code.
 */
export function renderUnavailable(container: HTMLElement, why: DeviceUnavailable): void {
  container.replaceChildren(
    h(
      'div',
      {
        class: 'verdict verdict-indeterminate',
        'data-result': 'indeterminate',
        'data-codes': '',
        'data-unavailable': why.unavailable,
      },
      resultIcon('indeterminate'),
      h('p', { class: 'verdict-text', id: 'verdict-text', tabindex: '-1' }, t('indeterminate')),
    ),
    h('p', { class: 'notice' }, t(UNAVAILABLE_TEXT[why.unavailable])),
  );
}

/** Renders any flow result. */
export function renderFlowResult(
  container: HTMLElement,
  result: Outcome | { phishing: string } | DeviceUnavailable,
): void {
  if ('phishing' in result) renderPhishing(container, result.phishing);
  else if ('unavailable' in result) renderUnavailable(container, result);
  else renderOutcome(container, result);
}
