// An MLflow or W&B run linked to a version: its params, its metrics (with the steps they went
// through) and where it was logged.
import * as vscode from 'vscode';
import { flatten, formatValue } from '../../core/flatten';
import { formatNumber, safeText } from '../../core/render/format';
import type { Node, RunNode } from './nodes';
import { keyValue, rowsUnder } from './rowNodes';

export function runRows(node: RunNode): Node[] {
  const { run } = node;
  const rows: Node[] = [];
  const row = rowsUnder(node);
  for (const [k, v] of flatten(run.params)) rows.push(row(`p:${k}`, { ...keyValue(k, formatValue(v)), icon: 'symbol-variable' }));
  for (const [k, v] of Object.entries(run.metrics)) {
    const points = run.history && Object.hasOwn(run.history, k) ? run.history[k]! : undefined;
    rows.push(row(`m:${k}`, { ...keyValue(k, String(v)), icon: 'graph', ...(points ? { description: stepsText(points), tooltip: `${k} = ${v}\n${stepsTooltip(points)}` } : {}) }));
  }
  rows.push(row('location', { label: safeText(run.location), description: vscode.l10n.t('logged in'), icon: 'folder', contextValue: 'keyValue', copyValue: run.location, tooltip: run.location }));
  return rows;
}

export function runItem(node: RunNode): vscode.TreeItem {
  const { run } = node;
  const item = new vscode.TreeItem(safeText(run.name ?? run.id), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const tool = run.source === 'mlflow' ? 'MLflow' : 'W&B';
  item.description = safeText([tool, run.experiment, run.status?.toLowerCase(), run.startedAt ? run.startedAt.slice(0, 10) : ''].filter(Boolean).join(' · '));
  item.iconPath = new vscode.ThemeIcon(run.status === 'FAILED' || run.status === 'KILLED' ? 'error' : 'beaker');
  item.contextValue = `run:${run.source}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(`${tool} ${vscode.l10n.t('run')} ${run.name ?? run.id}`);
  md.appendMarkdown('**\n\n');
  md.appendText(`${vscode.l10n.t('Run id')}: ${run.id}`);
  if (run.gitCommit) {
    md.appendMarkdown('  \n');
    md.appendText(`${vscode.l10n.t('Commit')}: ${run.gitCommit}`);
  }
  md.appendMarkdown('  \n');
  md.appendText(`${vscode.l10n.t('Logged in')}: ${run.location}`);
  item.tooltip = md;
  return item;
}

/** A metric's run in brief: how many steps and where it went (`10 steps · 0.61 → 0.86`). */
function stepsText(points: ReadonlyArray<{ value: number }>): string {
  const first = formatNumber(points[0]!.value);
  const last = formatNumber(points[points.length - 1]!.value);
  return points.length === 1 ? vscode.l10n.t('1 step · {0} → {1}', first, last) : vscode.l10n.t('{0} steps · {1} → {2}', points.length, first, last);
}

function stepsTooltip(points: ReadonlyArray<{ step: number; value: number }>): string {
  // reduce, not Math.min(...): a long run logs more steps than a call can take arguments.
  const min = points.reduce((m, p) => Math.min(m, p.value), Infinity);
  const max = points.reduce((m, p) => Math.max(m, p.value), -Infinity);
  const shown = points.length > 12 ? [...points.slice(0, 6), ...points.slice(-6)] : points;
  return [
    `${vscode.l10n.t('min')} ${formatNumber(min)} · ${vscode.l10n.t('max')} ${formatNumber(max)}`,
    ...shown.map((p, i) => `${points.length > 12 && i === 6 ? '…\n' : ''}${vscode.l10n.t('step')} ${p.step}: ${formatNumber(p.value)}`),
  ].join('\n');
}
