// The leaves of the tree: key = value rows, hash rows' shared shape, and one-line messages.
import * as vscode from 'vscode';
import { safeText } from '../../core/render/format';
import type { MessageNode, Node, RowNode } from './nodes';

export type RowFields = Omit<RowNode, 'kind' | 'id' | 'parent'>;

/** A row maker for the children of `parent`: ids stay unique under it by their key. */
export function rowsUnder(parent: Node): (key: string, r: RowFields) => RowNode {
  return (key, r) => ({ kind: 'row', id: `${parent.id}\u0000${key}`, parent, ...r });
}

/** A message row under `parent` (or at the root), its id made from `key`. */
export function message(parent: Node | undefined, key: string, fields: Omit<MessageNode, 'kind' | 'id' | 'parent'>): MessageNode {
  return { kind: 'message', id: `${parent?.id ?? ''}\u0000${key}`, parent, ...fields };
}

/** `key = value`, long values cut in the label and whole in the tooltip and the copy. */
export function keyValue(key: string, value: string): RowFields {
  const shown = value.length > 120 ? value.slice(0, 117) + '…' : value;
  return { label: `${safeText(key)} = ${safeText(shown)}`, tooltip: `${key} = ${value}`, contextValue: 'keyValue', copyValue: value };
}

export function rowItem(node: RowNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip ?? (node.description ? `${node.label}  ${node.description}` : node.label);
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
  item.contextValue = node.contextValue;
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.tooltip = node.tooltip;
  item.contextValue = 'message';
  if (node.command) item.command = node.command;
  return item;
}
