/**
 * A figure is one measured number beside its limit or target. Sections return figures; the
 * runner prints them as one table and writes them to bench/results/latest.json. Ratios, not
 * absolute times, are what the project tracks: these machines are shared and noisy.
 *
 * @example
 * const f = figure('verify', 'PS256 full / raw', 0.86, { unit: 'ratio', target: 0.8 });
 * f.verdict; // 'pass'
 */

/** `higher`: the value must reach the target; `lower`: it must stay under it; `info`: no target. */
export type Direction = 'higher' | 'lower' | 'info';

export interface Figure {
  section: string;
  name: string;
  value: number | null;
  unit: string;
  /** A published figure the value is compared with, without a verdict. */
  reference?: number;
  /** The limit or target the value is judged against; null when the figure is informative. */
  target: number | null;
  better: Direction;
  /** value / target when both exist. */
  ratio: number | null;
  verdict: 'pass' | 'miss' | 'info' | 'n/a';
  note?: string;
}

export interface FigureOptions {
  unit: string;
  target?: number;
  better?: Direction;
  /** A published figure to compare with (ratio shown, no pass/miss): e.g. the draft's sizes. */
  reference?: number;
  note?: string;
}

/** Builds a figure and judges it against its target. */
export function figure(
  section: string,
  name: string,
  value: number,
  options: FigureOptions,
): Figure {
  const target = options.target ?? null;
  const better = target === null ? 'info' : (options.better ?? 'higher');
  const base = target ?? options.reference ?? null;
  const ratio = base !== null && base !== 0 ? value / base : null;
  let verdict: Figure['verdict'] = 'info';
  if (target !== null && better === 'higher') verdict = value >= target ? 'pass' : 'miss';
  if (target !== null && better === 'lower') verdict = value <= target ? 'pass' : 'miss';
  return {
    section,
    name,
    value,
    unit: options.unit,
    target,
    better,
    ratio,
    verdict,
    ...(options.reference !== undefined && { reference: options.reference }),
    ...(options.note !== undefined && { note: options.note }),
  };
}

/** A figure that could not be measured, with the reason; never a fake number. */
export function unavailable(section: string, name: string, why: string): Figure {
  return {
    section,
    name,
    value: null,
    unit: '',
    target: null,
    better: 'info',
    ratio: null,
    verdict: 'n/a',
    note: `not available: ${why}`,
  };
}

function formatNumber(value: number | null): string {
  if (value === null) return '-';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** The target or reference in the figure's own unit, e.g. `≤ 20.0 ms`, `ref 5.66 µs`. */
function limitText(f: Figure): string {
  const unit = f.unit === '' ? '' : ` ${f.unit}`;
  if (f.target !== null) {
    return `${f.better === 'lower' ? '≤' : '≥'} ${formatNumber(f.target)}${unit}`;
  }
  return f.reference === undefined ? '' : `ref ${formatNumber(f.reference)}${unit}`;
}

/** The figures as a fixed-width text table: figure, value, limit/target, ratio, pass/miss. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    `${formatNumber(f.value)} ${f.unit}`.trim(),
    limitText(f),
    f.ratio === null ? '' : f.ratio.toFixed(2),
    f.verdict,
    f.note ?? '',
  ]);
  const header = ['section', 'figure', 'value', 'limit/target', 'ratio', 'result', 'note'];
  const all = [header, ...rows];
  const widths = header.map((_, i) =>
    i === header.length - 1 ? 0 : Math.max(...all.map((r) => (r[i] ?? '').length)),
  );
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(Math.max(w, 4))).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
