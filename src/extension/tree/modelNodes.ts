// Repositories and models: the tree's top levels.
import { READONLY_SUFFIX } from '../repositories';
import * as vscode from 'vscode';
import type { ModelVersion } from '../../core/modelStore';
import { safeText } from '../../core/render/format';
import { shortVersion } from '../../core/versionLabel';
import type { ModelNode, RepoNode } from './nodes';

export function repoItem(node: RepoNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.repo.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.description = node.repo.root;
  item.iconPath = new vscode.ThemeIcon('repo');
  item.contextValue = `repository${node.repo.readOnly ? READONLY_SUFFIX : ''}`;
  return item;
}

// One icon object for every model's row: 5,000 rows kept 5,000 copies of the same two icons.
const MODEL_ICON = new vscode.ThemeIcon('package');
const DEPRECATED_ICON = new vscode.ThemeIcon('package', new vscode.ThemeColor('disabledForeground'));

/** A model's row; its tooltip is left to resolveTreeItem (5,000 Markdown hovers up front cost a second). */
export function modelItem(node: ModelNode): vscode.TreeItem {
  const m = node.model;
  const item = new vscode.TreeItem(safeText(m.name), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  const stages = Object.entries(m.stages).map(([s, v]) => `${s} ${shortVersion(v)}`);
  const latest = m.latest && m.origin === 'mlflow' ? vscode.l10n.t('version {0}', m.latest) : m.latest;
  const parts = [latest ?? vscode.l10n.t('no versions'), ...stages];
  item.description = (m.deprecated ? `${vscode.l10n.t('deprecated')} · ` : '') + safeText(parts.join(' · '));
  item.iconPath = m.deprecated ? DEPRECATED_ICON : MODEL_ICON;
  item.contextValue = `model${m.deprecated ? ':deprecated' : ''}${m.definition ? ':defined' : ''}${m.origin === 'mlflow' ? ':mlflow' : ''}${node.repo.readOnly ? READONLY_SUFFIX : ''}`;
  return item;
}

/** The filter (lower case) finds a version by its name or by a stage it holds. */
export function versionMatches(v: ModelVersion, f: string): boolean {
  return v.version.toLowerCase().includes(f) || v.stages.some((s) => s.toLowerCase().includes(f));
}
