/**
 * The page's stylesheet, served from our own origin at /w/style.css so the CSP can say
 * `style-src 'self'` with no inline styles. Phone first: one column, large result line.
 */
export const PAGE_CSS = `
:root { color-scheme: light; --ok: #0b6b2f; --ng: #a3141d; --unk: #8a5a00; --line: #d0d4da; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif;
  line-height: 1.6; color: #1b1f24; background: #f4f6f8; -webkit-text-size-adjust: 100%; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
a { color: #0b57d0; }
.when { margin: 0 0 1rem; color: #444; }
.result { font-size: 1.35rem; font-weight: 700; padding: 1rem; border-radius: 0.5rem;
  border: 2px solid; background: #fff; }
.result.valid { color: var(--ok); border-color: var(--ok); }
.result.invalid { color: var(--ng); border-color: var(--ng); }
.result.indeterminate { color: var(--unk); border-color: var(--unk); }
.reasons { margin: 0.5rem 0 0; padding-left: 1.25rem; font-size: 1rem; font-weight: 400; }
table { width: 100%; border-collapse: collapse; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem; border: 1px solid var(--line);
  overflow-wrap: anywhere; }
th { width: 38%; background: #eef1f4; font-weight: 600; }
details { margin-top: 1.5rem; background: #fff; border: 1px solid var(--line);
  border-radius: 0.5rem; padding: 0.5rem 0.75rem; }
summary { cursor: pointer; font-weight: 600; }
details table { margin-top: 0.5rem; }
.note { color: #444; }
.st-pass { color: var(--ok); } .st-fail { color: var(--ng); } .st-unknown { color: var(--unk); }
footer { margin: 2rem 0 1rem; }
`;
