import type { Lang } from '@dqcv/shared-cose';

/**
 * Picks the language of messages: an explicit `?lang=` wins, then the first of `ja`/`en` in
 * Accept-Language by quality (RFC 9110 §12.5.4), then `fallback`.
 *
 * @example
 * pickLang('en-US,en;q=0.9,ja;q=0.8', undefined, 'ja') // 'en'
 */
export function pickLang(
  acceptLanguage: string | undefined,
  explicit: string | undefined,
  fallback: Lang,
): Lang {
  if (explicit === 'ja' || explicit === 'en') return explicit;
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'ja' || primary === 'en') return primary;
  }
  return fallback;
}
