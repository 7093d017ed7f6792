// `model-versions diff <model>@all`: every version of a model at once, versions × params and
// metrics (changed columns first), as text, JSON, markdown or a self-contained HTML page.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cellText, loadAllVersions, type AllVersionsData } from '../core/allVersions';
import { escapeHtml, standalonePage } from '../core/render/page';
import { allVersionsChartsHtml, STATIC_CHARTS_CSS } from '../core/render/staticCharts';
import { safeMultiline, safeText } from '../core/render/format';
import { toJson, type CliContext } from './context';
import type { DiffFormat } from './diffCommand';

/** `churn@all` → `churn`; undefined for any other operand. */
export function allVersionsModel(operand: string): string | undefined {
  const m = /^([^@#]+)@all$/.exec(operand);
  return m ? m[1] : undefined;
}

export async function allVersionsCommand(ctx: CliContext, model: string, opts: { format: DiffFormat; all: boolean }): Promise<number> {
  const data = await loadAllVersions(ctx.store, model);
  for (const w of data.warnings) ctx.io.err(`warning: ${safeText(w)}\n`);
  if (data.items.length === 0) ctx.io.err(`note: ${safeText(model)} has no registered versions yet\n`);
  ctx.io.out(renderAllVersions(data, opts));
  return 0;
}

/** The page or text for one format; `all`: unchanged columns too (JSON always has every column). */
export function renderAllVersions(data: AllVersionsData, opts: { format: DiffFormat; all: boolean }): string {
  switch (opts.format) {
    case 'json':
      return toJson({ out: () => undefined, err: () => undefined }, allVersionsJson(data));
    case 'markdown':
      return renderMarkdown(data, opts.all);
    case 'html':
      return renderPage(data, opts.all, viewAssets());
    default:
      return renderText(data, opts.all);
  }
}

/** The `diff <model>@all --json` contract: items, columns and values[item][column] (docs/cli.md). */
export function allVersionsJson(data: AllVersionsData) {
  return {
    model: data.subject,
    versions: data.items.map((it) => ({ version: it.label, operand: it.operand ?? null, commit: it.commit, stages: it.stages, date: it.date ?? null })),
    columns: data.columns.map((c) => ({ section: c.section, key: c.key, kind: c.kind, numeric: c.numeric, changed: c.changed, ...(c.direction ? { direction: c.direction } : {}) })),
    values: data.values,
  };
}

function shownColumns(data: AllVersionsData, all: boolean): number[] {
  return data.columns.map((c, i) => (all || c.changed ? i : -1)).filter((i) => i >= 0);
}

function renderText(data: AllVersionsData, all: boolean): string {
  const cols = shownColumns(data, all);
  const header = ['version', 'stages', ...cols.map((c) => data.columns[c]!.key)].map(safeText);
  const rows = data.items.map((it, i) => [it.label, it.stages.join(', '), ...cols.map((c) => cellText(data.values[i]![c]!))].map(safeText));
  const widths = header.map((h, c) => Math.min(32, Math.max(h.length, ...rows.map((r) => r[c]!.length))));
  const line = (cells: string[]) => cells.map((s, c) => (s.length > widths[c]! ? s.slice(0, widths[c]! - 1) + '…' : s.padEnd(widths[c]!))).join('  ').trimEnd();
  const hidden = data.columns.length - cols.length;
  const out = [`${safeText(data.title)} (${data.items.length} ${data.items.length === 1 ? 'version' : 'versions'}, ${cols.length} columns${hidden ? `; ${hidden} unchanged hidden, --all shows them` : ''})`, '', line(header), ...rows.map(line)];
  return out.join('\n') + '\n';
}

function renderMarkdown(data: AllVersionsData, all: boolean): string {
  const cols = shownColumns(data, all);
  const cell = (s: string) => safeMultiline(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').replace(/[<>&`*_[\]]/g, (c) => `\\${c}`);
  const lines = [`### ${cell(data.title)}`, '', `| version | stages | ${cols.map((c) => cell(data.columns[c]!.key)).join(' | ')} |`, `|---|---|${cols.map((c) => (data.columns[c]!.numeric ? '---:' : '---')).join('|')}|`];
  data.items.forEach((it, i) => lines.push(`| ${cell(it.label)} | ${cell(it.stages.join(', '))} | ${cols.map((c) => cell(cellText(data.values[i]![c]!))).join(' | ')} |`));
  return lines.join('\n') + '\n';
}

/** The all-versions view's built script and stylesheet, beside the CLI; absent in an unbuilt checkout. */
function viewAssets(): PageAssets | undefined {
  for (const dir of [__dirname, path.join(__dirname, '..', '..', '..', 'dist')]) {
    try {
      return { scripts: ['charts.js', 'allVersions.js'].map((f) => readFileSync(path.join(dir, f), 'utf8')), css: readFileSync(path.join(dir, '..', 'media', 'allVersions.css'), 'utf8') };
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/**
 * A document that prints: the whole table as markup (readable without script), and with the
 * built view the interactive charts over the same data, under a CSP that allows only this page's nonce.
 */
/** The view's built scripts in load order (dist/charts.js, dist/allVersions.js) and its stylesheet. */
export interface PageAssets {
  scripts: readonly string[];
  css: string;
}

export function renderPage(data: AllVersionsData, all: boolean, assets: PageAssets | undefined): string {
  const e = (s: string) => escapeHtml(safeMultiline(s));
  const cols = shownColumns(data, all);
  const head = `<tr><th scope="col">version</th><th scope="col">stages</th>${cols.map((c) => `<th scope="col">${e(data.columns[c]!.key)}</th>`).join('')}</tr>`;
  const body = data.items
    .map((it, i) => `<tr><th scope="row">${e(it.label)}</th><td>${e(it.stages.join(', '))}</td>${cols.map((c) => `<td class="${data.columns[c]!.numeric ? 'num' : ''}">${e(cellText(data.values[i]![c]!))}</td>`).join('')}</tr>`)
    .join('\n');
  return standalonePage({
    title: data.title,
    bodyClass: 'page',
    css: [PAGE_CSS, STATIC_CHARTS_CSS, ...(assets ? [assets.css] : [])],
    body: `<div id="app" class="static">
<h1>${e(data.title)}</h1>
${allVersionsChartsHtml(data)}
<h2>Versions</h2>
<table class="all-static"><thead>${head}</thead><tbody>
${body}
</tbody></table>
</div>`,
    data: assets ? { id: 'all-versions-data', value: data } : undefined,
    scripts: assets?.scripts,
  });
}

const PAGE_CSS = `
body.page { font: 14px/1.45 system-ui, sans-serif; color: var(--vscode-foreground); background: var(--vscode-editor-background); margin: 24px; }
.all-static { border-collapse: collapse; }
.all-static th, .all-static td { border: 1px solid var(--vscode-panel-border); padding: 3px 8px; text-align: left; font-family: var(--vscode-editor-font-family); white-space: pre-wrap; overflow-wrap: anywhere; }
.all-static td.num { text-align: right; }
`;
