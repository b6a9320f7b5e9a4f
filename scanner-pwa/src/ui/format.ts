/**
 * Dates and times on the result screen, written the way the certificate and the server's /w/ page
 * write them: dates as yyyy/mm/dd, instants in Japan time with "(JST)". Japan has kept UTC+9 with
 * no daylight saving since 1951, so a fixed offset is exact and does not depend on the device's
 * time-zone data or its own zone.
 */

const JST_OFFSET_MS = 9 * 3600 * 1000;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A yyyy-mm-dd calendar date as yyyy/mm/dd; any other text is returned as it came, so a
 * malformed date stays visible rather than being guessed at.
 *
 * @example formatDate('1995-02-14') // '1995/02/14'
 */
export function formatDate(date: string | undefined): string | undefined {
  return date?.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$1/$2/$3');
}

/**
 * An instant as yyyy/mm/dd hh:mm:ss (JST), whatever the device's own zone; text that is not a
 * time is returned as it came.
 *
 * @example formatJst('2026-12-03T18:10:06Z') // '2026/12/04 03:10:06 (JST)'
 */
export function formatJst(instant: string | Date): string {
  const time = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(time.getTime())) return String(instant);
  const j = new Date(time.getTime() + JST_OFFSET_MS);
  return (
    `${j.getUTCFullYear()}/${pad(j.getUTCMonth() + 1)}/${pad(j.getUTCDate())} ` +
    `${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}:${pad(j.getUTCSeconds())} (JST)`
  );
}
