// A model's children: the Working tree (when it differs from the version checked out), its
// versions newest first, and "N more versions…".
import { READONLY_SUFFIX } from '../repositories';
import * as vscode from 'vscode';
import type { ModelVersion } from '../../core/modelStore';
import { dayOf, safeText } from '../../core/render/format';
import { diffRecords } from '../../core/diff';
import { readStaleParams } from '../../core/staleMetrics';
import { isDefinitionPath } from '../../core/discovery';
import { Commands } from '../ids';
import { changesSince, displayVersion, listedVersion, workingTreeVersion } from './labels';
import { versionMatches } from './modelNodes';
import { historyNode } from './historyNodes';
import { versionNodeId, type HiddenNode, type MessageNode, type ModelNode, type MoreNode, type Node, type VersionNode, type WorkdirNode } from './nodes';
import { message } from './rowNodes';
import type { VersionStanding } from '../../core/remoteTree';
import type { StaleParam } from '../../core/staleMetrics';
import { standingDescription, standingIcon } from './remoteMarks';

/** What the provider knows that a model's children depend on. */
export interface VersionListContext {
  /** The filter, lower case ('' for none). */
  filter: string;
  /** The commit HEAD is at, if any. */
  head: string | undefined;
  /** How many versions to show before "N more versions…". */
  limit: number;
  showDeregistered: boolean;
  /** Versions only the remote has (from the last comparison), listed greyed. */
  remoteVersions: readonly ModelVersion[];
}

export async function versionChildren(node: ModelNode, ctx: VersionListContext): Promise<Node[]> {
  const { repo, model } = node;
  const f = ctx.filter;
  let versions = model.versions.filter((v) => ctx.showDeregistered || v.active);
  // A model that matches only by its versions (a stage, a version number) shows those versions.
  const byName = !f || model.name.toLowerCase().includes(f);
  if (!byName) versions = versions.filter((v) => versionMatches(v, f));
  const out: Node[] = [];
  const workdir = byName ? await workdirNode(node, ctx.head) : undefined;
  if (workdir) out.push(workdir);
  // News first: a colleague's new version is the newest, and nothing of it can be read yet.
  for (const v of ctx.remoteVersions) if (byName || versionMatches(v, f)) out.push(versionNode(node, v, undefined, 'remote'));
  for (const v of versions.slice(0, ctx.limit)) out.push(versionNode(node, v, ctx.head));
  if (versions.length > ctx.limit) {
    out.push({ kind: 'more', id: `${node.id}\u0000more`, parent: node, repo, model, hidden: versions.length - ctx.limit });
  }
  if (out.length === 0) out.push(message(node, 'none', { label: vscode.l10n.t('No versions yet: use Tag New Version'), icon: 'info' }));
  if (byName) {
    // Left out of the list, not lost: a deregistered version is still a tag someone may look for.
    const deregistered = ctx.showDeregistered ? [] : model.versions.filter((v) => !v.active);
    if (deregistered.length) out.push({ kind: 'hidden', id: `${node.id}\u0000hidden`, parent: node, repo, model, versions: deregistered });
    if (model.origin !== 'mlflow' && (model.deprecated || model.versions.some((v) => v.registered || v.stageTags.length))) out.push(historyNode(node));
  }
  return out;
}

export function versionNode(parent: ModelNode | HiddenNode, v: ModelVersion, head?: string, apart?: VersionNode['apart']): VersionNode {
  const { repo, model } = parent;
  const checkedOut = !!head && !v.mlflow && v.commit === head;
  return { kind: 'version', id: versionNodeId(repo, model.name, v.version), parent, repo, model, version: v, resolved: listedVersion(model.name, v), checkedOut, ...(apart ? { apart } : {}) };
}

/** The deregistered versions under "N deregistered (hidden)". */
export function hiddenChildren(node: HiddenNode, head: string | undefined): Node[] {
  return node.versions.map((v) => versionNode(node, v, head, 'deregistered'));
}

export function hiddenItem(node: HiddenNode): vscode.TreeItem {
  const n = node.versions.length;
  const item = new vscode.TreeItem(n === 1 ? vscode.l10n.t('1 deregistered (hidden)') : vscode.l10n.t('{0} deregistered (hidden)', n), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('eye-closed', new vscode.ThemeColor('disabledForeground'));
  item.tooltip = vscode.l10n.t('Versions of {0} that were deregistered: kept as tags, left out of the list (setting modelVersions.showDeregistered)', node.model.name);
  item.contextValue = 'hiddenVersions';
  return item;
}

/**
 * A "Working tree" node when the model's files differ from the version that is checked out
 * (HEAD's version of this model), or from the latest where HEAD is no version of it.
 */
async function workdirNode(node: ModelNode, head: string | undefined): Promise<WorkdirNode | MessageNode | undefined> {
  const { repo, model } = node;
  // A registry of another repository is a bare copy: it has no working tree.
  if (repo.readOnly) return undefined;
  // A model only MLflow's registry knows has no files in the working tree to compare.
  if (!model.definition && (!model.latest || model.origin === 'mlflow')) return undefined;
  const id = `${node.id}\u0000workdir`;
  const workdir = workingTreeVersion(model.name);
  const atHead = head ? model.versions.find((v) => v.commit === head && v.registered && v.active && !v.mlflow) : undefined;
  const base = atHead ?? model.versions.find((v) => v.version === model.latest);
  if (!base) return { kind: 'workdir', id, parent: node, repo, model, resolved: workdir, changes: 0 };
  const [wdRecord, baseRecord] = await Promise.all([repo.store.record(workdir), repo.store.record(listedVersion(model.name, base))]);
  // Declared at its versions but not in the files checked out (HEAD predates the model): what
  // the working tree would be compared with are some other model's files.
  if (!model.definition && baseRecord.sources.some((s) => isDefinitionPath(s) && !wdRecord.sources.includes(s))) {
    return {
      kind: 'message',
      id,
      parent: node,
      label: vscode.l10n.t('Working tree'),
      description: vscode.l10n.t('not in this checkout'),
      tooltip: vscode.l10n.t('{0} is not declared in the files that are checked out.', model.name),
      icon: 'circle-slash',
    };
  }
  const d = diffRecords([{ label: base.version, record: baseRecord }, { label: 'workdir', record: wdRecord }]);
  const changes = d.rows.length - d.counts.unchanged;
  if (changes === 0) return undefined;
  // Metrics a pipeline wrote for other params than those on disk now are stale, not better or worse.
  const locks = wdRecord.sources.filter((s) => s === 'dvc.lock' || s.endsWith('/dvc.lock'));
  const stale = Object.keys(wdRecord.metrics).length && locks.length ? await readStaleParams(repo.store.backend.workdir(), locks).catch(() => []) : [];
  return { kind: 'workdir', id, parent: node, repo, model, resolved: workdir, changes, base: { version: base, checkedOut: !!atHead }, ...(stale.length ? { stale } : {}) };
}

/** A version's row; `standing` (and the remote's name) when its tags are not all pushed. */
export function versionItem(node: VersionNode, standing?: VersionStanding, remote = 'origin'): vscode.TreeItem {
  const v = node.version;
  const item = new vscode.TreeItem(displayVersion(v), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const date = dayOf(v.date);
  const flags = [
    ...v.stages,
    ...(v.active ? [] : [vscode.l10n.t('deregistered')]),
    ...(v.registered ? [] : [vscode.l10n.t('commit')]),
    ...(node.checkedOut ? [vscode.l10n.t('checked out')] : []),
  ];
  item.description = safeText([flags.join(', '), v.mlflow ? 'MLflow' : '', date, standing ? standingDescription(standing, remote) : ''].filter(Boolean).join(' · '));
  const isLatest = node.model.latest === v.version;
  item.iconPath = standing && !node.checkedOut
    ? standingIcon(standing)
    : node.checkedOut
    ? new vscode.ThemeIcon('check', v.active ? undefined : new vscode.ThemeColor('disabledForeground'))
    : new vscode.ThemeIcon(v.stages.length ? 'rocket' : isLatest ? 'tag' : 'versions', v.active ? undefined : new vscode.ThemeColor('disabledForeground'));
  // MLflow versions have no GTO tags to promote or copy; checkout needs the commit their run recorded.
  // Versions listed apart take none of a version's actions (menus match /^version/).
  item.contextValue = node.apart === 'deregistered'
    ? 'deregisteredVersion'
    : v.mlflow
    ? ['mlflowVersion', v.commit ? 'commit' : '', v.stages.length ? 'staged' : '', isLatest ? 'latest' : ''].filter(Boolean).join(':')
    : ['version', v.registered ? 'registered' : 'commit', v.stages.length ? 'staged' : '', v.active ? '' : 'deregistered', isLatest ? 'latest' : '']
        .filter(Boolean)
        .join(':');
  if (node.repo.readOnly) item.contextValue += READONLY_SUFFIX;
  // The tooltip is left to resolveTreeItem, which reads the commit's author.
  return item;
}

export function workdirItem(node: WorkdirNode): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('Working tree'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = node.base ? changesSince(node.changes, node.base.version, node.base.checkedOut) : vscode.l10n.t('not tagged yet');
  if (node.stale) {
    item.description += ` · ${vscode.l10n.t('metrics stale')}`;
    item.tooltip = staleTooltip(node.stale);
  }
  item.iconPath = new vscode.ThemeIcon('edit');
  item.contextValue = 'workdir';
  return item;
}

export function moreItem(node: MoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.hidden === 1 ? vscode.l10n.t('1 more version…') : vscode.l10n.t('{0} more versions…', node.hidden), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.command = { command: Commands.showAllVersions, title: vscode.l10n.t('Show All Versions'), arguments: [node] };
  item.contextValue = 'more';
  return item;
}

/** Which params changed since the run that wrote the metrics, and what brings them up to date. */
export function staleTooltip(stale: readonly StaleParam[]): string {
  const show = (v: unknown) => (v === undefined ? vscode.l10n.t('(removed)') : JSON.stringify(v));
  return [
    vscode.l10n.t('The metrics on disk are stale: these params changed since dvc.lock recorded the run (dvc repro updates them).'),
    ...stale.slice(0, 12).map((p) => `${p.file}: ${p.key} ${show(p.locked)} → ${show(p.current)}`),
    ...(stale.length > 12 ? ['…'] : []),
  ].join('\n');
}
