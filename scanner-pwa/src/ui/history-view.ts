/**
 * The history screen: the on/off switch (off by default), the list, CSV export and delete.
 */
import {
  addHistory,
  clearHistory,
  historyCsv,
  historyEnabled,
  listHistory,
  setHistoryEnabled,
  type HistoryEntry,
} from '../history/store';
import { t } from '../i18n';
import { byId, h } from './dom';
import type { Outcome } from './result';
import { formatJst } from './format';

/** Saves an outcome to the history when the user has turned history on. */
export async function recordOutcome(outcome: Outcome): Promise<void> {
  if (!historyEnabled()) return;
  const c = outcome.verdict.credential ?? {};
  const entry: HistoryEntry = {
    at: outcome.verdict.checkedAt,
    result: outcome.verdict.result,
    reasons: outcome.verdict.reasons.map((r) => r.code),
    via: outcome.via,
    qualificationName: c.qualificationName ?? '',
    holderName: c.holderName ?? '',
    birthDate: c.birthDate ?? '',
    registrationNumber: c.registrationNumber ?? '',
    certificateId: c.certificateId ?? '',
    issuingBody: c.issuingBody ?? '',
  };
  await addHistory(entry);
}

async function renderList(): Promise<void> {
  const list = byId('history-list');
  const entries = await listHistory().catch(() => []);
  if (entries.length === 0) {
    list.replaceChildren(h('p', {}, t('historyEmpty')));
    return;
  }
  list.replaceChildren(
    h(
      'ol',
      { class: 'history' },
      ...entries.map((e) =>
        h(
          'li',
          { 'data-result': e.result },
          h('span', { class: 'history-result' }, t(e.result)),
          ` ${formatJst(e.at)} — ${e.qualificationName} ${e.holderName}`,
        ),
      ),
    ),
  );
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Wires the history screen; `open` and `close` switch views. */
export function initHistoryView(nav: { open: () => void; close: () => void }): void {
  const toggle = byId<HTMLInputElement>('history-enabled');

  byId('open-history').addEventListener('click', () => {
    toggle.checked = historyEnabled();
    nav.open();
    void renderList();
  });
  byId('history-close').addEventListener('click', nav.close);
  toggle.addEventListener('change', () => setHistoryEnabled(toggle.checked));

  byId('history-export').addEventListener('click', async () => {
    const stamp = new Date().toISOString().slice(0, 10);
    download(`dqcv-history-${stamp}.csv`, historyCsv(await listHistory()));
  });
  byId('history-clear').addEventListener('click', async () => {
    if (!window.confirm(t('historyConfirmClear'))) return;
    await clearHistory();
    await renderList();
  });
}
