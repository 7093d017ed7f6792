// `model-versions diff A B [C…]`: what changed between versions, as text, JSON, markdown or HTML.
import { isMetricSection, SECTIONS, type VersionDiff } from '../core/diff';
import { renderHtml } from '../core/render/html';
import type { PanelData } from '../core/diffTable';
import { compare } from '../core/compare';
import { codeChanges } from '../git/changedFiles';
import { workspaceMetricDirections } from './workspaceSettings';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderMarkdown } from '../core/render/markdown';
import { formatCell, originNotes, safeText, SECTION_TITLE } from '../core/render/format';
import { formatDeltaVerdict } from '../core/render/verdict';
import { reportDiagnostics, type CliContext, toJson } from './context';
import { jsonReplacer } from './showCommand';
import { allVersionsCommand, allVersionsModel } from './allVersionsCommand';
import { UsageError } from './args';

export type DiffFormat = 'text' | 'json' | 'markdown' | 'html';

export async function diffCommand(ctx: CliContext, operands: string[], opts: { format: DiffFormat; all: boolean }): Promise<number> {
  const every = operands.length === 1 ? allVersionsModel(operands[0]!) : undefined;
  if (every !== undefined) return allVersionsCommand(ctx, every, opts);
  if (operands.length < 2) throw new UsageError('diff takes two or more versions, or <model>@all; see model-versions --help');
  const { diff, records, resolved } = await ctx.store.diff(operands);
  records.forEach((r, i) => reportDiagnostics(ctx.io, r.diagnostics, { version: resolved[i]!.label }));
  // A stale column's metric deltas compare another run's metrics: say so beside every format.
  records.forEach((r, i) => {
    if (r.stale) ctx.io.err(`note: ${safeText(resolved[i]!.label)}: metrics are stale: params changed since dvc.lock (${r.stale.params.map(safeText).join(', ')}); dvc repro updates them\n`);
  });
  switch (opts.format) {
    case 'json':
      ctx.io.out(toJson(ctx.io, diffJson(diff, opts.all), jsonReplacer));
      break;
    case 'markdown':
      ctx.io.out(renderMarkdown(diff, { all: opts.all }));
      break;
    case 'html': {
      // The panel's own comparison: the same Code section and metric directions as in VS Code.
      const comparison = await compare({ diff: async () => ({ diff, records, resolved }), outputsAt: (s) => ctx.store.outputsAt(s) }, codeChanges(ctx.repo), resolved, workspaceMetricDirections(ctx.repo.root), undefined, ctx.repo);
      ctx.io.out(renderHtml(diff, { all: opts.all, records, data: comparison.panel, repository: ctx.repo.root, panel: panelAssets(comparison.panel) }));
      break;
    }
    default:
      ctx.io.out(renderDiffText(diff, opts.all));
  }
  return 0;
}

/** The `diff --json` contract (docs/cli.md). */
export function diffJson(diff: VersionDiff, all: boolean) {
  return {
    operands: diff.operands,
    counts: diff.counts,
    changes: (all ? diff.rows : diff.rows.filter((r) => r.status !== 'unchanged')).map((r) => ({
      section: r.section,
      key: r.key,
      ...(r.file ? { file: r.file } : {}),
      values: r.values,
      status: r.status,
      ...(r.deltas ? { deltas: r.deltas } : {}),
      ...(r.entries
        ? {
            sources: r.entries.map((e) =>
              e
                ? { algorithm: e.algorithm, source: e.source, file: e.sourceFile, size: e.size ?? null, ...(e.remote ? { remote: e.remote } : {}), ...(e.role ? { role: e.role } : {}), ...(e.out ? { out: e.out } : {}), ...(e.availability ? { availability: e.availability } : {}) }
                : null,
            ),
          }
        : {}),
      ...(r.origins ? { origins: r.origins } : {}),
    })),
  };
}

function renderDiffText(diff: VersionDiff, all: boolean): string {
  const rows = all ? diff.rows : diff.rows.filter((r) => r.status !== 'unchanged');
  const lines = [diff.operands.map((o) => safeText(o.label)).join('  ↔  ')];
  const c = diff.counts;
  lines.push(`${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.unchanged} unchanged`);
  const mark = { added: '+', removed: '-', changed: '~', unchanged: ' ' } as const;
  for (const section of SECTIONS) {
    const inSection = rows.filter((r) => r.section === section);
    if (inSection.length) lines.push('', SECTION_TITLE[section]);
    for (const r of inSection) {
    const values = r.values.map((_, i) => safeText(formatCell(r, i))).join('  →  ');
    const delta = isMetricSection(r.section) && r.deltas && r.deltas.length > 1 ? `  (${r.deltas.slice(1).map((_, i) => formatDeltaVerdict(r, i + 1)).join(', ')})` : '';
    lines.push(`  ${mark[r.status]} ${safeText(r.key)}: ${values}${delta}`);
    }
    const notes = originNotes(inSection, diff.operands.map((o) => o.label));
    notes.forEach((n, i) => lines.push(`  ${i === 0 ? 'from' : '    '}  ${safeText(n)}`));
  }
  if (!rows.length) lines.push('', 'No differences.');
  return lines.join('\n') + '\n';
}

/**
 * The diff panel's built script and stylesheet, beside the CLI (dist/ and media/ of the package);
 * without them (an unbuilt checkout) the page has the static tables only.
 */
function panelAssets(data: PanelData): { data: PanelData; scripts: string[]; css: string } | undefined {
  for (const dir of [__dirname, path.join(__dirname, '..', '..', '..', 'dist')]) {
    try {
      const scripts = ['charts.js', 'webview.js'].map((f) => readFileSync(path.join(dir, f), 'utf8'));
      const css = readFileSync(path.join(dir, '..', 'media', 'panel.css'), 'utf8');
      return { data, scripts, css };
    } catch {
      // try the next place
    }
  }
  return undefined;
}
