/**
 * The human verification page (GET /w/?c=…): what a phone's camera app lands on. Server-rendered
 * with hono/jsx, no script, a stylesheet from our origin. The parts follow the official page:
 * 有効性確認, 確認日時, 検証結果, 登録情報 and a collapsible 証明書情報.
 */
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { CredentialRecord, Lang, SignerInfo, Verdict } from '@dqcv/shared-cose';
import { LABELS, formatDate, formatJst, type Labels } from './labels';

export interface ResultPageProps {
  lang: Lang;
  verdict: Verdict;
  /** The same page in the other language (relative URL). */
  otherLanguageHref: string;
  /** The scanner app, for the next check. */
  appHref: string;
}

const Layout: FC<{ lang: Lang; title: string; children?: Child }> = ({ lang, title, children }) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href="/w/style.css" />
      </head>
      <body>
        <main>{children}</main>
      </body>
    </html>
  </>
);

/** The result line: 検証結果：無効です（理由、理由）. */
function resultLine(l: Labels, lang: Lang, verdict: Verdict): string {
  const head = `${l.result}${lang === 'ja' ? '：' : ': '}${l.results[verdict.result]}`;
  if (verdict.reasons.length === 0) return head;
  const why = verdict.reasons.map((r) => r.message).join(lang === 'ja' ? '、' : '; ');
  return lang === 'ja' ? `${head}（${why}）` : `${head} (${why})`;
}

/** The registered details are shown only when the record is known to be genuine. */
function signatureHolds(verdict: Verdict): boolean {
  return verdict.checks.some((c) => c.name === 'signature' && c.status === 'pass');
}

const Registration: FC<{ l: Labels; record: CredentialRecord }> = ({ l, record }) => {
  const rows: [string, string | undefined][] = [
    [l.fields.issuingBody, record.issuingBody],
    [l.fields.qualificationName, record.qualificationName],
    [l.fields.holderName, record.holderName],
    [l.fields.birthDate, formatDate(record.birthDate)],
    [l.fields.registrationNumber, record.registrationNumber],
    [l.fields.registrationDate, formatDate(record.registrationDate)],
    [l.fields.issueDate, formatDate(record.issueDate)],
    [l.fields.certificateId, record.certificateId],
  ];
  return (
    <table>
      <tbody>
        {rows
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => (
            <tr>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
};

const SignerDetails: FC<{ l: Labels; signer: SignerInfo }> = ({ l, signer }) => (
  <table>
    <tbody>
      <tr>
        <th scope="row">{l.signer.issuer}</th>
        <td>{signer.issuer}</td>
      </tr>
      <tr>
        <th scope="row">{l.signer.subject}</th>
        <td>{signer.subject}</td>
      </tr>
      <tr>
        <th scope="row">{l.signer.serialNumber}</th>
        <td>{signer.serialNumber}</td>
      </tr>
      <tr>
        <th scope="row">{l.signer.validity}</th>
        <td>
          {formatJst(signer.notBefore)} – {formatJst(signer.notAfter)}
        </td>
      </tr>
      <tr>
        <th scope="row">{l.signer.kid}</th>
        <td>
          {signer.kid} ({signer.alg})
        </td>
      </tr>
      <tr>
        <th scope="row">{l.signer.trust}</th>
        <td>{signer.trust === 'chain' ? l.signer.chain : l.signer.pinned}</td>
      </tr>
    </tbody>
  </table>
);

/**
 * The result page for one verdict.
 *
 * @example
 * return c.html(<ResultPage lang="ja" verdict={v} otherLanguageHref="?lang=en" appHref="/app/" />);
 */
export const ResultPage: FC<ResultPageProps> = ({ lang, verdict, otherLanguageHref, appHref }) => {
  const l = LABELS[lang];
  return (
    <Layout lang={lang} title={`${l.title} — ${l.results[verdict.result]}`}>
      <header>
        <h1>{l.title}</h1>
        <a href={otherLanguageHref} lang={lang === 'ja' ? 'en' : 'ja'}>
          {l.otherLanguage}
        </a>
      </header>
      <p class="when">
        {l.checkedAt}
        {lang === 'ja' ? '：' : ': '}
        <time datetime={verdict.checkedAt}>{formatJst(verdict.checkedAt)}</time>
      </p>
      <section class={`result ${verdict.result}`} aria-live="polite">
        <div id="result">{resultLine(l, lang, verdict)}</div>
      </section>

      <h2>{l.registration}</h2>
      {verdict.credential !== null && signatureHolds(verdict) ? (
        <Registration l={l} record={verdict.credential} />
      ) : (
        <p class="note">{l.notShown}</p>
      )}

      <details>
        <summary>{l.certificate}</summary>
        {verdict.signer !== null ? <SignerDetails l={l} signer={verdict.signer} /> : null}
        <h2>{l.checks}</h2>
        <table>
          <tbody>
            {verdict.checks.map((check) => (
              <tr>
                <th scope="row">{l.checkNames[check.name]}</th>
                <td class={`st-${check.status}`}>
                  {l.checkStatus[check.status]}
                  {check.code !== undefined ? ` (${check.code})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <footer>
        <a href={appHref}>{l.scanAnother}</a>
      </footer>
    </Layout>
  );
};

/** The page shown when /w/ is opened without a `c` value. */
export const NoInputPage: FC<{ lang: Lang; appHref: string }> = ({ lang, appHref }) => {
  const l = LABELS[lang];
  return (
    <Layout lang={lang} title={l.title}>
      <h1>{l.title}</h1>
      <p>{l.noInput}</p>
      <p>
        <a href={appHref}>{l.scanAnother}</a>
      </p>
    </Layout>
  );
};
