// The tree's "Unclaimed runs" group, self-contained: a repository's MLflow and W&B runs that no
// version claims, per experiment → runs → their params and metrics. The tree asks
// `unclaimedRunsNode(repo, parent)` for the group (undefined when there are none), then
// `runsGroupChildren(node)` for what is under it and `runsGroupItem(node)` for each row's TreeItem.
import * as vscode from 'vscode';
import { runName } from '../../core/allVersions';
import { formatValue, flatten } from '../../core/flatten';
import { formatNumber, safeText } from '../../core/render/format';
import type { RunSummary } from '../../core/types';
import { groupLabel, unclaimedRuns, type RunGroup, type UnclaimedRuns } from '../../core/unclaimedRuns';
import type { Repo } from '../repositories';
import type { Node, RowNode } from './nodes';

interface Base {
  id: string;
  parent?: Node;
  repo: Repo;
}

/** "Unclaimed runs": under a repository (or at the root with one repository). */
export interface UnclaimedRunsNode extends Base {
  kind: 'unclaimedRuns';
  runs: UnclaimedRuns;
}
/** One experiment (MLflow) or run folder (W&B). */
export interface RunGroupNode extends Base {
  kind: 'runGroup';
  group: RunGroup;
}
export interface UnclaimedRunNode extends Base {
  kind: 'unclaimedRun';
  run: RunSummary;
}

export type RunsGroupNode = UnclaimedRunsNode | RunGroupNode | UnclaimedRunNode;

/** Whether a node is one of this module's (the tree hands every node to its own getTreeItem first). */
export function isRunsGroupNode(node: unknown): node is RunsGroupNode {
  const k = (node as { kind?: unknown } | undefined)?.kind;
  return k === 'unclaimedRuns' || k === 'runGroup' || k === 'unclaimedRun';
}

/** The group for a repository, or undefined when every run belongs to a version (or there are none). */
export async function unclaimedRunsNode(repo: Repo, parent?: Node): Promise<UnclaimedRunsNode | undefined> {
  // Another repository's registry is a bare copy: no run folders to read.
  if (repo.readOnly) return undefined;
  const [listing, stores] = await Promise.all([repo.store.list(), repo.store.runs()]);
  const runs = unclaimedRuns([...listing.models, ...listing.datasets], stores);
  if (runs.groups.length === 0) return undefined;
  return { kind: 'unclaimedRuns', id: `${repo.id}\u0000unclaimedRuns`, parent, repo, runs };
}

/** What is under a node: experiments, their runs, a run's params, metrics and folder (RowNodes the tree already draws). */
export function runsGroupChildren(node: RunsGroupNode): Array<RunsGroupNode | RowNode> {
  switch (node.kind) {
    case 'unclaimedRuns':
      return node.runs.groups.map((group) => ({ kind: 'runGroup', id: `${node.id}\u0000${group.id}`, parent: node, repo: node.repo, group }));
    case 'runGroup':
      return node.group.runs.map((run) => ({ kind: 'unclaimedRun', id: `${node.id}\u0000${run.source}:${run.id}`, parent: node, repo: node.repo, run }));
    case 'unclaimedRun':
      return runRows(node);
  }
}

function runRows(node: UnclaimedRunNode): RowNode[] {
  const { run } = node;
  // RowNode's parent is a tree Node; ours is not one, and the tree only reads the parent to reveal.
  const row = (key: string, r: Omit<RowNode, 'kind' | 'id' | 'parent'>): RowNode => ({ kind: 'row', id: `${node.id}\u0000${key}`, parent: node as unknown as Node, ...r });
  const rows: RowNode[] = [];
  for (const [k, v] of flatten(run.params)) rows.push(row(`p:${k}`, { label: `${safeText(k)} = ${safeText(formatValue(v))}`, tooltip: `${k} = ${formatValue(v)}`, icon: 'symbol-variable', contextValue: 'keyValue', copyValue: formatValue(v) }));
  for (const [k, v] of Object.entries(run.metrics)) rows.push(row(`m:${k}`, { label: `${safeText(k)} = ${formatNumber(v)}`, tooltip: `${k} = ${v}`, icon: 'graph', contextValue: 'keyValue', copyValue: String(v) }));
  rows.push(
    row('commit', run.gitCommit
      ? { label: run.gitCommit.slice(0, 10), description: vscode.l10n.t('commit'), icon: 'git-commit', contextValue: 'commitId', copyValue: run.gitCommit }
      : { label: vscode.l10n.t('No commit recorded'), description: vscode.l10n.t('cannot be registered'), tooltip: vscode.l10n.t('The run recorded no Git commit, so no version can be tagged from it.'), icon: 'circle-slash', contextValue: 'info' }),
  );
  rows.push(row('location', { label: safeText(run.location), description: vscode.l10n.t('logged in'), icon: 'folder', contextValue: 'keyValue', copyValue: run.location, tooltip: run.location }));
  return rows;
}

/** The TreeItem of a node; context values: `unclaimedRuns`, `runGroup`, `unclaimedRun:<source>:commit|nocommit`. */
export function runsGroupItem(node: RunsGroupNode): vscode.TreeItem {
  switch (node.kind) {
    case 'unclaimedRuns': {
      const n = node.runs.groups.reduce((s, g) => s + g.runs.length, 0);
      const item = new vscode.TreeItem(vscode.l10n.t('Unclaimed runs'), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = n === 1 ? vscode.l10n.t('1 run no version claims') : vscode.l10n.t('{0} runs no version claims', n);
      item.tooltip = vscode.l10n.t('MLflow and W&B runs that no version of any model claims: compare them, and register the best one as a model version.');
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'unclaimedRuns';
      return item;
    }
    case 'runGroup': {
      const item = new vscode.TreeItem(safeText(groupLabel(node.group)), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = node.group.runs.length === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', node.group.runs.length);
      item.iconPath = new vscode.ThemeIcon('folder-library');
      item.contextValue = 'runGroup';
      return item;
    }
    case 'unclaimedRun': {
      const { run } = node;
      const item = new vscode.TreeItem(safeText(runName(run)), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      const metrics = Object.entries(run.metrics).slice(0, 3).map(([k, v]) => `${k} ${formatNumber(v)}`);
      item.description = safeText([run.status?.toLowerCase(), ...metrics, run.gitCommit ? '' : vscode.l10n.t('no commit')].filter(Boolean).join(' · '));
      item.iconPath = new vscode.ThemeIcon(run.status === 'FAILED' || run.status === 'KILLED' ? 'error' : 'beaker');
      item.contextValue = `unclaimedRun:${run.source}:${run.gitCommit ? 'commit' : 'nocommit'}`;
      const md = new vscode.MarkdownString();
      md.appendText(`${run.source === 'mlflow' ? 'MLflow' : 'W&B'} ${vscode.l10n.t('run')} ${run.name ?? run.id}\n${vscode.l10n.t('Run id')}: ${run.id}\n`);
      md.appendText(run.gitCommit ? `${vscode.l10n.t('Commit')}: ${run.gitCommit}\n` : `${vscode.l10n.t('No commit recorded: it cannot be registered as a version.')}\n`);
      md.appendText(`${vscode.l10n.t('Logged in')}: ${run.location}`);
      item.tooltip = md;
      return item;
    }
  }
}

/** The group id and title a "Compare Runs" on a node opens: one experiment's runs, or all of them. */
export function runsToCompare(node: RunsGroupNode): { repo: Repo; group?: string; title: string } {
  if (node.kind === 'runGroup') return { repo: node.repo, group: node.group.id, title: groupLabel(node.group) };
  if (node.kind === 'unclaimedRun') {
    const parent = node.parent as RunsGroupNode | undefined;
    if (parent && parent.kind === 'runGroup') return { repo: node.repo, group: parent.group.id, title: groupLabel(parent.group) };
  }
  return { repo: node.repo, title: vscode.l10n.t('Unclaimed runs') };
}
