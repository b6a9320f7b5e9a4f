/**
 * Small DOM helpers. Every piece of credential text goes through `textContent`, never HTML, so
 * a crafted name or URL cannot inject markup.
 */

/** Creates an element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** The element with `id`; a missing element is a defect of index.html, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el as T;
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * The result mark: a different shape for each result (circle and tick, octagon and cross,
 * triangle and bang), so the result never depends on telling colours apart.
 */
export function resultIcon(result: 'valid' | 'invalid' | 'indeterminate' | 'warning'): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 48 48');
  svg.setAttribute('class', 'result-icon');
  svg.setAttribute('aria-hidden', 'true');
  const paths: Record<typeof result, string[]> = {
    valid: ['M24 3a21 21 0 1 1 0 42a21 21 0 1 1 0-42z', 'M13 25l7 7l15-16'],
    invalid: ['M16 3h16l13 13v16L32 45H16L3 32V16z', 'M16 16l16 16M32 16L16 32'],
    indeterminate: ['M24 4L46 43H2z', 'M24 17v13M24 35v3'],
    warning: ['M24 4L46 43H2z', 'M24 17v13M24 35v3'],
  };
  const [outline, mark] = paths[result];
  const shape = document.createElementNS(SVG, 'path');
  shape.setAttribute('d', outline!);
  shape.setAttribute('class', 'icon-shape');
  const stroke = document.createElementNS(SVG, 'path');
  stroke.setAttribute('d', mark!);
  stroke.setAttribute('class', 'icon-mark');
  svg.append(shape, stroke);
  return svg;
}
