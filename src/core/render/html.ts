// The diff as one self-contained HTML page (`diff --html`): no script, no external request, a
// Content-Security-Policy that allows only its own nonce'd style; every value escaped.
import { randomBytes } from 'node:crypto';
import type { VersionDiff, DiffRow } from '../diff';
import type { VersionRecord } from '../types';
import { formatCell, formatDelta, safeText, SECTION_TITLE } from './format';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

const e = (s: string) => escapeHtml(safeText(s));

export interface HtmlOptions {
  /** Unchanged rows too. */
  all?: boolean;
  title?: string;
  /** The operands' records, in order: their tags and tag messages head the page. */
  records?: readonly VersionRecord[];
}

export function renderHtml(diff: VersionDiff, options: HtmlOptions = {}): string {
  const nonce = randomBytes(16).toString('base64');
  const rows = options.all ? diff.rows : diff.rows.filter((r) => r.status !== 'unchanged');
  const labels = diff.operands.map((o) => o.label);
  const title = options.title ?? labels.join(' ↔ ');
  const c = diff.counts;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style nonce="${nonce}">${PAGE_CSS}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="summary">${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.unchanged} unchanged${options.all ? '' : ' (hidden)'}</p>
<table class="operands"><tr>${diff.operands.map((o) => `<th>${e(o.label)}</th>`).join('')}</tr><tr>${diff.operands
    .map((o) => `<td><code>${e(o.commit ? o.commit.slice(0, 10) : 'working tree')}</code></td>`)
    .join('')}</tr>${operandDetails(options.records)}</table>`);
  if (rows.length === 0) parts.push('<p class="empty">No differences.</p>');
  for (const section of ['hyperparameters', 'config', 'data', 'weights', 'metrics'] as const) {
    const inSection = rows.filter((r) => r.section === section);
    if (!inSection.length) continue;
    const metrics = section === 'metrics';
    parts.push(`<h2>${SECTION_TITLE[section]}</h2><table class="diff"><thead><tr><th scope="col">Key</th>${labels
      .map((l) => `<th scope="col">${e(l)}</th>`)
      .join('')}${metrics ? labels.slice(1).map((l) => `<th scope="col">Δ ${e(l)}</th>`).join('') : ''}</tr></thead><tbody>`);
    for (const r of inSection) parts.push(renderRow(r, labels.length));
    parts.push('</tbody></table>');
  }
  parts.push('</body>\n</html>\n');
  return parts.join('\n');
}

/** Tag name and the first line of its message (or of the commit's) under each operand. */
function operandDetails(records: readonly VersionRecord[] | undefined): string {
  if (!records?.length) return '';
  const firstLine = (s: string | undefined) => (s ?? '').split('\n')[0]!;
  const tags = records.map((r) => `<td>${r.code.tag ? `<code>${e(r.code.tag)}</code>` : ''}</td>`).join('');
  const notes = records.map((r) => `<td class="note">${e(firstLine(r.code.tagMessage ?? r.code.message))}</td>`).join('');
  return `<tr>${tags}</tr><tr>${notes}</tr>`;
}

function renderRow(r: DiffRow, n: number): string {
  const cells: string[] = [`<th scope="row" class="key">${e(r.key)}</th>`];
  for (let i = 0; i < n; i++) {
    const changed = i > 0 && r.status !== 'unchanged' && r.values[i] !== r.values[0];
    const cls = r.values[i] === null ? 'absent' : changed ? 'changed' : '';
    const full = r.values[i] === null ? '' : String(r.values[i]);
    cells.push(`<td class="${cls}" title="${e(full)}">${e(formatCell(r, i))}</td>`);
  }
  if (r.section === 'metrics') for (let i = 1; i < n; i++) cells.push(`<td class="delta">${e(formatDelta(r.deltas?.[i]))}</td>`);
  return `<tr class="${r.status}">${cells.join('')}</tr>`;
}

const PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --add: #dafbe1; --del: #ffebe9; --chg: #fff8c5; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --add: #12361f; --del: #3c1618; --chg: #3b2e08; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 15px; margin: 24px 0 8px; }
.summary, .empty { color: var(--muted); }
table { border-collapse: collapse; width: 100%; table-layout: auto; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; max-width: 40em; }
thead th { position: sticky; top: 0; background: var(--bg); }
th.key { font-weight: normal; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
td { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; }
tr.added td:not(.absent) { background: var(--add); }
tr.removed td.absent { background: var(--del); }
td.changed { background: var(--chg); }
td.absent::before { content: "—"; color: var(--muted); }
td.delta { color: var(--muted); }
.operands td, .operands th { text-align: center; }
.operands td.note { font-family: inherit; color: var(--muted); }
`;
