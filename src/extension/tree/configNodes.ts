// A config file of a version (serving.json, an MLflow MLmodel): its values, flattened.
import * as vscode from 'vscode';
import { flatten, formatValue } from '../../core/flatten';
import { safeText, shortHash } from '../../core/render/format';
import type { ConfigNode, Node, RowNode } from './nodes';
import { keyValue, message } from './rowNodes';

export function configRows(node: ConfigNode): Node[] {
  const c = node.config;
  if (!c.present) return [message(node, 'absent', { label: vscode.l10n.t('Not in Git at this version'), icon: 'circle-slash' })];
  if (!c.values) return [message(node, 'blob', { label: `blob ${shortHash(c.oid)}`, icon: 'file' })];
  return [...flatten(c.values)].map(([k, v]) => ({ kind: 'row', id: `${node.id}\u0000${k}`, parent: node, ...keyValue(k, formatValue(v)) }) as RowNode);
}

export function configItem(node: ConfigNode): vscode.TreeItem {
  const item = new vscode.TreeItem(safeText(node.key), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  // An MLflow version's MLmodel is keyed by name; where the file is goes beside it.
  if (node.key !== node.config.path) item.description = safeText(node.config.path);
  item.iconPath = new vscode.ThemeIcon('settings-gear');
  item.contextValue = node.owner.kind === 'version' ? 'configFile' : 'configFile:workdir';
  item.tooltip = node.config.path;
  return item;
}
