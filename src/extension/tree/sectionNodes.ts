// What a version (or the working tree) is made of: one section per kind of content, read from
// the version's record, and the rows of each.
import * as vscode from 'vscode';
import { flatten, formatValue } from '../../core/flatten';
import { safeText } from '../../core/render/format';
import type { HashEntry, VersionRecord } from '../../core/types';
import type { Node, SectionKind, SectionNode, VersionNode, WorkdirNode } from './nodes';
import { hashRow } from './hashRows';
import { keyValue, message, rowsUnder } from './rowNodes';
import { staleTooltip } from './versionNodes';

const SECTION_LABEL: Record<SectionKind, string> = {
  hyperparameters: 'Hyperparameters',
  configs: 'Configs',
  data: 'Data',
  weights: 'Weights',
  outputs: 'Outputs',
  pipelineCode: 'Pipeline code',
  metrics: 'Metrics',
  runs: 'Runs',
  commit: 'Commit',
  problems: 'Problems',
};
const SECTION_ICON: Record<SectionKind, string> = {
  hyperparameters: 'symbol-variable',
  configs: 'settings',
  data: 'database',
  weights: 'circuit-board',
  outputs: 'output',
  pipelineCode: 'file-code',
  metrics: 'graph',
  runs: 'beaker',
  commit: 'git-commit',
  problems: 'warning',
};

/**
 * The hashed files a section lists: inputs, weights, the other outputs of the pipeline's stages,
 * and the code files its stages depend on (dvc.lock's deps that are code).
 */
function hashEntries(r: VersionRecord, section: 'data' | 'weights' | 'outputs' | 'pipelineCode'): Record<string, HashEntry> {
  return section === 'pipelineCode' ? (r.code.files ?? {}) : r[section];
}

/** How many rows a section holds (undefined for the commit, which has no count). */
function sectionCount(r: VersionRecord, section: SectionKind): number | undefined {
  switch (section) {
    case 'hyperparameters':
      return flatten(r.hyperparameters).size;
    case 'configs':
      return Object.keys(r.configs).length;
    case 'data':
      return Object.keys(r.data).length;
    case 'weights':
    case 'outputs':
    case 'pipelineCode':
      return Object.keys(hashEntries(r, section)).length;
    case 'metrics':
      return Object.keys(r.metrics).length;
    case 'runs':
      return r.runs.length;
    case 'problems':
      return r.diagnostics.filter((d) => d.severity !== 'info').length;
    case 'commit':
      return undefined;
  }
}

/** The sections of a version or the working tree: only those that hold something. */
export async function sectionChildren(owner: VersionNode | WorkdirNode): Promise<Node[]> {
  const record = await owner.repo.store.record(owner.resolved);
  const kinds: SectionKind[] = [];
  if (record.diagnostics.some((d) => d.severity !== 'info')) kinds.push('problems');
  // Only sections that hold something: a Hugging Face folder has no data, an MLflow version is
  // mostly its run, and "Configs 0" under every version says nothing.
  const content: SectionKind[] = ['hyperparameters', 'configs', 'data', 'weights', 'outputs', 'metrics', 'pipelineCode', 'runs'];
  kinds.push(...content.filter((k) => sectionCount(record, k) || (k === 'metrics' && record.metricsFiles.some((m) => !m.present))));
  if (owner.kind === 'version' && record.code.commit) kinds.push('commit');
  if (kinds.length === 0) return [message(owner, 'empty', { label: vscode.l10n.t('No model files here'), icon: 'dash' })];
  return kinds.map((section) => ({ kind: 'section', id: `${owner.id}\u0000s:${section}`, parent: owner, owner, section, record }));
}

export function sectionRows(node: SectionNode): Node[] {
  const { record, owner } = node;
  const rows: Node[] = [];
  const row = rowsUnder(node);
  switch (node.section) {
    case 'hyperparameters':
      for (const [k, v] of flatten(record.hyperparameters)) rows.push(row(k, keyValue(k, formatValue(v))));
      break;
    case 'configs':
      for (const [key, c] of Object.entries(record.configs)) {
        rows.push({ kind: 'config', id: `${node.id}\u0000${key}`, parent: node, owner, config: c, key });
      }
      break;
    case 'data':
    case 'weights':
    case 'outputs':
    case 'pipelineCode':
      for (const e of Object.values(hashEntries(record, node.section))) rows.push(row(e.path, hashRow(e, node.section, owner)));
      break;
    case 'metrics': {
      const stale = owner.kind === 'workdir' ? owner.stale : undefined;
      for (const [k, v] of Object.entries(record.metrics)) {
        rows.push(row(k, stale ? { ...keyValue(k, String(v)), description: vscode.l10n.t('stale'), tooltip: `${k} = ${v}\n${staleTooltip(stale)}`, icon: 'history' } : keyValue(k, String(v))));
      }
      for (const m of record.metricsFiles.filter((x) => !x.present)) {
        rows.push(row(`absent:${m.path}`, { label: safeText(m.path), description: m.missing ? safeText(m.missing) : vscode.l10n.t('not in Git at this version'), tooltip: m.missing, icon: 'circle-slash', contextValue: 'absent' }));
      }
      // Metrics read from a DVC output's object rather than Git: say where from.
      for (const m of record.metricsFiles.filter((x) => x.present && x.origin)) {
        const from = m.origin!.kind === 'dvc-cache' ? vscode.l10n.t('from the DVC cache') : vscode.l10n.t("from DVC remote '{0}'", m.origin!.remote ?? '');
        rows.push(row(`origin:${m.path}`, { label: safeText(m.path), description: from, tooltip: `${m.path}\n${from} (${m.origin!.sourceFile}${m.origin!.stage ? `, stage ${m.origin!.stage}` : ''})`, icon: 'database', contextValue: 'info' }));
      }
      break;
    }
    case 'runs':
      // The location too: a resumed W&B run has a second folder, and one MLflow run can be in
      // both mlruns/ and mlflow.db; tree ids must stay unique.
      for (const run of record.runs) rows.push({ kind: 'run', id: `${node.id}\u0000${run.source}:${run.id}:${run.location}`, parent: node, owner, run });
      break;
    case 'commit': {
      const c = record.code;
      if (c.commit) rows.push(row('commit', { label: c.commit.slice(0, 10), description: vscode.l10n.t('commit'), icon: 'git-commit', contextValue: 'commitId', copyValue: c.commit }));
      if (c.tag) rows.push(row('tag', { label: safeText(c.tag), description: vscode.l10n.t('tag'), icon: 'tag', contextValue: 'tagName', copyValue: c.tag }));
      // Labelled: the commit's author and the tag's tagger are often different people.
      if (c.author) {
        const on = c.date ? new Date(c.date).toLocaleString() : '';
        rows.push(row('author', { label: safeText(c.author), description: on ? vscode.l10n.t('commit author · {0}', on) : vscode.l10n.t('commit author'), icon: 'person', contextValue: 'info' }));
      }
      if (c.tagger) rows.push(row('tagger', { label: safeText(c.tagger), description: vscode.l10n.t('tagger'), icon: 'person', contextValue: 'info' }));
      if (c.message) rows.push(row('message', { label: safeText(c.message.split('\n')[0]!), description: vscode.l10n.t('commit message'), tooltip: c.message, icon: 'comment', contextValue: 'info' }));
      if (c.tagMessage) rows.push(row('tagMessage', { label: safeText(c.tagMessage.split('\n')[0]!), description: vscode.l10n.t('tag message'), tooltip: c.tagMessage, icon: 'comment-discussion', contextValue: 'info' }));
      break;
    }
    case 'problems':
      record.diagnostics
        .filter((d) => d.severity !== 'info')
        .forEach((d, i) =>
          rows.push(row(`p${i}`, { label: safeText(d.message), icon: d.severity === 'error' ? 'error' : 'warning', contextValue: 'problem', file: d.file, line: d.line, owner, tooltip: d.message })),
        );
      break;
  }
  if (rows.length === 0) rows.push(message(node, 'empty', { label: vscode.l10n.t('None at this version'), icon: 'dash' }));
  return rows;
}

export function sectionItem(node: SectionNode): vscode.TreeItem {
  const r: VersionRecord = node.record;
  const count = sectionCount(r, node.section);
  const item = new vscode.TreeItem(vscode.l10n.t(SECTION_LABEL[node.section]), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = count === undefined ? r.code.commit?.slice(0, 7) : String(count);
  if (node.section === 'metrics' && node.owner.kind === 'workdir' && node.owner.stale) item.description += ` · ${vscode.l10n.t('stale')}`;
  item.iconPath = new vscode.ThemeIcon(SECTION_ICON[node.section], node.section === 'problems' ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
  item.contextValue = `section:${node.section}`;
  if (node.section === 'problems') item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
  return item;
}
