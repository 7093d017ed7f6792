// A model's past, from its tags alone: the History node (every registration, deregistration,
// assignment, unassignment and deprecation, newest first, as `gto history` orders them), and what
// a version held and until when, for its hover.
import * as vscode from 'vscode';
import { buildGtoState, type GtoEvent, type GtoState } from '../../core/gtoState';
import { history, stageTimeline } from '../../core/history';
import type { ModelSummary } from '../../core/modelStore';
import { dayOf, safeText } from '../../core/render/format';
import { parseGtoTag } from '../../core/tagGrammar';
import { shortVersion } from '../../core/versionLabel';
import type { EventNode, HistoryNode, ModelNode, Node } from './nodes';
import type { Repo } from '../repositories';
import { message } from './rowNodes';

export function historyNode(parent: ModelNode): HistoryNode {
  return { kind: 'history', id: `${parent.id}\u0000history`, parent, repo: parent.repo, model: parent.model };
}

/**
 * The registry of one model as GTO indexes it, from the listing's tags: only that model's tags
 * go in, so a hover on a repository of 100,000 tags does not index the others.
 */
export async function modelState(repo: Repo, model: ModelSummary): Promise<GtoState> {
  const { tags } = await repo.store.list();
  return buildGtoState(tags.filter((t) => parseGtoTag(t.name)?.model === model.name));
}

export async function historyChildren(node: HistoryNode): Promise<Node[]> {
  const events = history(await modelState(node.repo, node.model), { artifact: node.model.name });
  if (events.length === 0) return [message(node, 'none', { label: vscode.l10n.t('No registry events (no GTO tags)'), icon: 'dash' })];
  return events.map((event) => ({ kind: 'event', id: `${node.id}\u0000${event.tag}`, parent: node, repo: node.repo, model: node.model, event }) as EventNode);
}

export function historyItem(node: HistoryNode): vscode.TreeItem {
  const item = new vscode.TreeItem(vscode.l10n.t('History'), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('history');
  item.contextValue = 'history';
  item.tooltip = vscode.l10n.t('Every registration, assignment, unassignment, deregistration and deprecation of {0}, newest first', node.model.name);
  return item;
}

const EVENT_ICON: Record<GtoEvent['kind'], string> = {
  registration: 'tag',
  deregistration: 'trash',
  assignment: 'rocket',
  unassignment: 'circle-slash',
  deprecation: 'archive',
};

/** `prod → v1.2.0`, `v1.2.0 registered`: what happened, in the words of the view. */
export function eventLabel(e: GtoEvent): string {
  const v = e.version ? shortVersion(e.version) : '';
  switch (e.kind) {
    case 'assignment':
      return `${e.stage} → ${v}`;
    case 'unassignment':
      return vscode.l10n.t('{0} unassigned from {1}', e.stage ?? '', v);
    case 'registration':
      return vscode.l10n.t('{0} registered', v);
    case 'deregistration':
      return vscode.l10n.t('{0} deregistered', v);
    case 'deprecation':
      return vscode.l10n.t('{0} deprecated', e.artifact);
  }
}

export function eventItem(node: EventNode): vscode.TreeItem {
  const e = node.event;
  const item = new vscode.TreeItem(safeText(eventLabel(e)), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = safeText([dayOf(e.date), e.source.tagger].filter(Boolean).join(' · '));
  item.iconPath = new vscode.ThemeIcon(EVENT_ICON[e.kind]);
  item.contextValue = `event:${e.kind}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(eventLabel(e));
  md.appendMarkdown('**\n\n');
  const text = (e.source.message ?? e.source.subject).trim();
  if (text) {
    md.appendText(text);
    md.appendMarkdown('\n\n');
  }
  const lines = [
    e.date ? vscode.l10n.t('By {0} on {1}', e.source.tagger || '?', new Date(e.date * 1000).toLocaleString()) : '',
    `${vscode.l10n.t('Tag')}: ${e.tag}`,
    `${vscode.l10n.t('Commit')}: ${e.commit.slice(0, 10)}`,
  ].filter(Boolean);
  lines.forEach((line, i) => {
    if (i) md.appendMarkdown('  \n');
    md.appendText(line);
  });
  item.tooltip = md;
  return item;
}

/**
 * What a version held and until when, one line a stretch, oldest first:
 * "prod until 2026-01-10, then v1.2.0", "staging since 2026-01-12".
 */
export function heldStages(state: GtoState, model: string, version: string): string[] {
  return stageTimeline(state, model)
    .filter((s) => s.version === version)
    .map((s) =>
      s.until === null
        ? vscode.l10n.t('{0} since {1}', s.stage, dayOf(s.from))
        : s.then
          ? vscode.l10n.t('{0} until {1}, then {2}', s.stage, dayOf(s.until), shortVersion(s.then))
          : vscode.l10n.t('{0} until {1}, then none', s.stage, dayOf(s.until)),
    );
}
