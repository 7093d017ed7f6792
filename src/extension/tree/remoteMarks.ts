// How the tree shows a version's standing against the remote: an icon, a few words in the
// description, a line per tag in the hover; the versions only the remote has, greyed; and the
// view's badge. All from the last comparison the RemoteStatusService holds: nothing here runs git.
import * as vscode from 'vscode';
import type { ModelVersion } from '../../core/modelStore';
import { safeText } from '../../core/render/format';
import { remoteOnlyVersions, versionStanding, type VersionStanding } from '../../core/remoteTree';
import type { RemoteState } from '../../core/remoteState';
import type { ModelNode, VersionNode } from './nodes';
import type { RepoRemote } from './remoteStatus';

/** Where a listed version stands; undefined when nothing was compared or all its tags are pushed. */
export function standingOf(remote: RepoRemote | undefined, node: VersionNode): VersionStanding | undefined {
  if (remote?.kind !== 'compared' || node.version.mlflow) return undefined;
  const s = versionStanding(remote.tree, node.model.name, node.version);
  return s && s.state !== 'pushed' ? s : undefined;
}

/** The versions of a model that only the remote has, as versions the tree can list. */
export function remoteVersionsOf(remote: RepoRemote | undefined, node: ModelNode): ModelVersion[] {
  if (remote?.kind !== 'compared') return [];
  return remoteOnlyVersions(remote.tree, node.model.name, node.model.versions);
}

function tagWords(state: Exclude<RemoteState, 'pushed'>, remote: string): string {
  switch (state) {
    case 'local-only':
      return vscode.l10n.t('not pushed to {0}', remote);
    case 'remote-only':
      return vscode.l10n.t('on {0}, not fetched', remote);
    case 'differs':
      return vscode.l10n.t('differs from {0}', remote);
  }
}

/** The words after the version's date: `not pushed`, `prod on origin, not fetched`, `differs from origin`. */
export function standingDescription(s: VersionStanding, remote: string): string {
  if (s.state === 'differs') return tagWords('differs', remote);
  if (s.state === 'local-only') return tagWords('local-only', remote);
  const stages = s.tags.filter((t) => t.state === 'remote-only' && t.stage).map((t) => t.stage!);
  return stages.length ? vscode.l10n.t('{0} on {1}, not fetched', [...new Set(stages)].join(', '), remote) : tagWords('remote-only', remote);
}

/** The icon of a version with news either way: what a push would send, what a fetch would bring. */
export function standingIcon(s: VersionStanding): vscode.ThemeIcon {
  if (s.state === 'differs') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon(s.state === 'local-only' ? 'cloud-upload' : 'cloud-download');
}

/** One hover line per tag that is not simply pushed. */
export function standingLines(s: VersionStanding, remote: string): string[] {
  return s.tags.map((t) => `${t.tag}: ${tagWords(t.state, remote)}`);
}

export function remoteName(remote: RepoRemote | undefined): string {
  return remote?.kind === 'compared' ? remote.tree.remote : 'origin';
}

/** A version only the remote has: greyed, its stages said, nothing to read until a fetch. */
/** A model only the remote has: greyed, its versions under it, Fetch Tags brings it here. */
export function remoteModelItem(node: ModelNode, remote: string): vscode.TreeItem {
  const m = node.model;
  const item = new vscode.TreeItem(safeText(m.name), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = safeText([m.latest, ...Object.entries(m.stages).map(([s, v]) => `${s} ${v}`), vscode.l10n.t('on {0}, not fetched', remote)].filter(Boolean).join(' · '));
  item.iconPath = new vscode.ThemeIcon('cloud', new vscode.ThemeColor('disabledForeground'));
  item.contextValue = 'remoteModel';
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(m.name);
  md.appendMarkdown('**\n\n');
  md.appendText(vscode.l10n.t('Only on {0}: Fetch Tags brings it here.', remote));
  item.tooltip = md;
  return item;
}

export function remoteVersionItem(node: VersionNode, label: string, remote: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const v = node.version;
  item.description = safeText([v.stages.join(', '), vscode.l10n.t('on {0}, not fetched', remote)].filter(Boolean).join(' · '));
  item.iconPath = new vscode.ThemeIcon('cloud', new vscode.ThemeColor('disabledForeground'));
  item.contextValue = 'remoteVersion';
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(`${node.model.name} ${label}`);
  md.appendMarkdown('**\n\n');
  md.appendText(vscode.l10n.t('Only on {0}: Fetch Tags brings it here.', remote));
  for (const t of [v.tag, ...v.stageTags].filter((x): x is string => !!x)) {
    md.appendMarkdown('  \n');
    md.appendText(`${vscode.l10n.t('Tag')}: ${t}`);
  }
  item.tooltip = md;
  return item;
}

/** The view's badge: what a fetch would bring and a push would send, over every repository. */
export function remoteBadge(states: ReadonlyArray<RepoRemote | undefined>): vscode.ViewBadge | undefined {
  let unfetched = 0;
  let unpushed = 0;
  for (const s of states) {
    if (s?.kind !== 'compared') continue;
    unfetched += s.counts.remoteOnly + s.counts.differs;
    unpushed += s.counts.localOnly;
  }
  const value = unfetched + unpushed;
  if (value === 0) return undefined;
  const parts = [
    unfetched ? (unfetched === 1 ? vscode.l10n.t('1 registry tag on the remote not fetched') : vscode.l10n.t('{0} registry tags on the remote not fetched', unfetched)) : '',
    unpushed ? (unpushed === 1 ? vscode.l10n.t('1 registry tag not pushed') : vscode.l10n.t('{0} registry tags not pushed', unpushed)) : '',
  ].filter(Boolean);
  return { value, tooltip: parts.join(', ') };
}

/** One quiet line above the tree when a remote could not be reached: the local tags still show. */
export function remoteFailureMessage(failures: ReadonlyArray<{ repo: string; remote?: string; message: string }>, several: boolean): string | undefined {
  if (failures.length === 0) return undefined;
  const f = failures[0]!;
  const who = f.remote ?? vscode.l10n.t('the remote');
  return several
    ? vscode.l10n.t('{0}: could not compare with {1}; showing local tags.', f.repo, who)
    : vscode.l10n.t('Could not compare with {0}; showing local tags.', who);
}
