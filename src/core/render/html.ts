// The diff as one self-contained HTML page (`diff --html`): no external request, a
// Content-Security-Policy that allows only its own nonce'd style and script, every value escaped.
// The static tables and charts (SVG drawn here by ECharts) read without JavaScript; with the panel's assets the page also carries the
// diff panel's own script and data, so it looks and works like the panel in VS Code.
import { isMetricSection, SECTIONS, type VersionDiff, type DiffRow } from '../diff';
import { isWorkingTree, type VersionRecord } from '../types';
import type { PanelData, PanelRow } from '../diffTable';
import { formatCell, formatDelta, originNotes, safeMultiline, SECTION_TITLE, valueOriginLabel } from './format';
import { verdictOf, verdictText } from './verdict';
import { escapeHtml, standalonePage } from './page';
import { diffChartsHtml, STATIC_CHARTS_CSS } from './staticCharts';

export { escapeHtml, jsonForScript } from './page';

const e = (s: string) => escapeHtml(safeMultiline(s));

export interface HtmlOptions {
  /** Unchanged rows too. */
  all?: boolean;
  title?: string;
  /** The operands' records, in order: their tags and tag messages head the page. */
  records?: readonly VersionRecord[];
  /** The comparison's panel data (core compare()): its Code section and metric directions. */
  data?: PanelData;
  /** The repository's folder: the page names it in its title. */
  repository?: string;
  /** The diff panel's data and built assets: scripts in load order (dist/charts.js, dist/webview.js), media/panel.css. */
  panel?: { data: PanelData; scripts: readonly string[]; css: string };
}

export function renderHtml(diff: VersionDiff, options: HtmlOptions = {}): string {
  const rows = options.all ? diff.rows : diff.rows.filter((r) => r.status !== 'unchanged');
  const labels = diff.operands.map((o) => o.label);
  const data = options.data ?? options.panel?.data;
  const repoName = options.repository ? options.repository.replace(/[\\/]+$/, '').split(/[\\/]/).pop() : undefined;
  // A printed page names what it is about: the model, its versions and the repository.
  const title = options.title ?? `${data ? data.title : labels.join(' ↔ ')}${repoName ? ` — ${repoName}` : ''}`;
  const panelRows = new Map((data?.rows ?? []).map((r) => [r.id, r]));
  const c = diff.counts;
  const parts: string[] = [];
  parts.push(`<h1 class="doc-title">${e(title)}</h1>
<div id="app" class="static">
<p class="summary">${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.unchanged} unchanged${options.all ? '' : ' (hidden)'}</p>
<table class="operands"><tr>${diff.operands.map((o) => `<th>${e(o.label)}</th>`).join('')}</tr><tr>${diff.operands
    .map((o) => `<td><code>${e(o.commit ? o.commit.slice(0, 10) : isWorkingTree(o) ? 'working tree' : 'no commit')}</code></td>`)
    .join('')}</tr>${operandDetails(options.records)}</table>`);
  // The panel's charts, drawn here as SVG: the page reads and prints without script.
  if (data) parts.push(diffChartsHtml(data, !options.all));
  if (rows.length === 0) parts.push('<p class="empty">No differences.</p>');
  for (const section of SECTIONS) {
    const inSection = rows.filter((r) => r.section === section);
    if (!inSection.length) continue;
    const metrics = isMetricSection(section);
    parts.push(`<h2>${SECTION_TITLE[section]}</h2><table class="diff"><thead><tr><th scope="col">Key</th>${labels
      .map((l) => `<th scope="col">${e(l)}</th>`)
      .join('')}${metrics ? labels.slice(1).map((l) => `<th scope="col">Δ ${e(l)}</th>`).join('') : ''}</tr></thead><tbody>`);
    for (const r of inSection) parts.push(renderRow(r, labels.length, panelRows.get(`${r.section}:${r.key}`)));
    parts.push('</tbody></table>');
    const notes = originNotes(inSection, labels);
    if (notes.length) parts.push(`<p class="origins">Read from: ${notes.map(e).join('<br>')}</p>`);
  }
  if (data) parts.push(codeSection(data));
  parts.push('</div>');
  if (options.panel) parts.push('<div id="live" class="visually-hidden" aria-live="polite"></div>');
  return standalonePage({
    title,
    css: [PAGE_CSS, STATIC_CHARTS_CSS, ...(options.panel ? [PANEL_PAGE_CSS, options.panel.css, STATIC_AFTER_PANEL_CSS] : [])],
    body: parts.join('\n'),
    data: options.panel ? { id: 'panel-data', value: { data: options.panel.data, onlyChanged: !options.all } } : undefined,
    scripts: options.panel?.scripts,
    dataImages: true,
  });
}

/** Tag name and the first line of its message (or of the commit's) under each operand. */
function operandDetails(records: readonly VersionRecord[] | undefined): string {
  if (!records?.length) return '';
  const firstLine = (s: string | undefined) => (s ?? '').split('\n')[0]!;
  const tags = records.map((r) => `<td>${r.code.tag ? `<code>${e(r.code.tag)}</code>` : ''}</td>`).join('');
  const notes = records.map((r) => `<td class="note">${e(firstLine(r.code.tagMessage ?? r.code.message))}</td>`).join('');
  return `<tr>${tags}</tr><tr>${notes}</tr>`;
}

/** Files changed between the first version and each other one, as the panel's Code section lists them. */
function codeSection(data: PanelData): string {
  const lists = data.code.map((files, i) => ({ files, i })).filter((x) => x.i > 0 && x.files.length);
  if (!lists.length) return '';
  const word: Record<string, string> = { M: 'modified', A: 'added', D: 'deleted' };
  const parts = ['<h2>Code</h2>'];
  for (const { files, i } of lists) {
    parts.push(`<p class="code-summary">${e(data.columns[0]!.label)} → ${e(data.columns[i]!.label)}: ${files.length} ${files.length === 1 ? 'file' : 'files'} changed</p>`);
    parts.push(`<table class="code-changes"><tbody>${files.map((f) => `<tr><td class="status" title="${e(word[f.status] ?? f.status)}">${e(f.status)}</td><td>${e(f.path)}</td></tr>`).join('')}</tbody></table>`);
  }
  return parts.join('\n');
}

function renderRow(r: DiffRow, n: number, panelRow?: PanelRow): string {
  const cells: string[] = [`<th scope="row" class="key">${e(r.key)}</th>`];
  for (let i = 0; i < n; i++) {
    const changed = i > 0 && r.status !== 'unchanged' && r.values[i] !== r.values[0];
    const cls = r.values[i] === null ? 'absent' : changed ? 'changed' : '';
    const full = r.values[i] === null ? '' : String(r.values[i]);
    const origin = r.origins?.[i];
    cells.push(`<td class="${cls}" title="${e(origin ? `${full}\n${valueOriginLabel(origin)}` : full)}">${e(formatCell(r, i))}</td>`);
  }
  if (isMetricSection(r.section)) {
    for (let i = 1; i < n; i++) {
      // The cell, not an element inside it, carries better/worse: the page makes only table markup.
      // The comparison's verdict, made with the user's metric directions; the names alone without it.
      const better = panelRow?.deltas ? panelRow.deltas[i]?.better ?? null : verdictOf(r, i);
      const verdict = better === null ? '' : ` ${verdictText(better)}`;
      cells.push(`<td class="delta${better === null ? '' : better ? ' better' : ' worse'}">${e(formatDelta(r.deltas?.[i]))}${verdict}</td>`);
    }
  }
  return `<tr class="${r.status}">${cells.join('')}</tr>`;
}

/** Scripts off, the panel's stylesheet (margin 0, for the webview) must not press the document to the edges. */
const STATIC_AFTER_PANEL_CSS = 'body:has(#app.static) { padding: 24px; }';

/** With the panel's script the page is the panel: it takes the whole window. */
const PANEL_PAGE_CSS = `
body:has(#app:not(.static)) { margin: 0; }
body:has(#app:not(.static)) .doc-title { margin: 0; padding: 12px 12px 0; font-size: 16px; }
`;

const PAGE_CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --add: #dafbe1; --del: #ffebe9; --chg: #fff8c5; --better: #1a7f37; --worse: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --add: #12361f; --del: #3c1618; --chg: #3b2e08; --better: #3fb950; --worse: #f85149; } }
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
td.delta.better { color: var(--better); }
td.delta.worse { color: var(--worse); }
.origins { color: var(--muted); font-size: 12px; margin: 4px 0 0; }
.operands td, .operands th { text-align: center; }
.operands td.note { font-family: inherit; color: var(--muted); }
.code-summary { color: var(--muted); margin: 4px 0; }
table.code-changes td.status { width: 2em; text-align: center; }
`;
