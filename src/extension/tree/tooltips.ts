// The hovers of models and versions, made when the pointer rests on a row. Every value from a
// tag or a message goes in as text (appendText), never as Markdown.
import * as vscode from 'vscode';
import type { ModelSummary } from '../../core/modelStore';
import { shortVersion } from '../../core/versionLabel';
import type { CodeInfo } from '../../core/types';
import type { VersionNode } from './nodes';

export function modelTooltip(m: ModelSummary): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(m.name);
  md.appendMarkdown('**');
  if (m.deprecated) md.appendMarkdown(` — _${vscode.l10n.t('deprecated')}_`);
  md.appendMarkdown('\n\n');
  md.appendText(`${vscode.l10n.t('Latest')}: ${m.latest ?? '—'}`);
  for (const [s, v] of Object.entries(m.stages)) {
    md.appendMarkdown('  \n');
    md.appendText(`${s} ${shortVersion(v)}`);
  }
  if (m.definition) {
    md.appendMarkdown('\n\n');
    md.appendText(`${vscode.l10n.t('Declared in')} ${m.definition.file}`);
  }
  return md;
}

/**
 * A version's hover: the tag (who tagged it, when) and the commit (who wrote it, when), each
 * labelled: the tagger registers a version, the author wrote its code, and they often differ.
 * `extra` are lines about its past and its standing on the remote, said after the commit.
 */
export function versionTooltip(node: VersionNode, code?: CodeInfo, extra: readonly string[] = []): vscode.MarkdownString {
  const v = node.version;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(`${node.model.name} ${shortVersion(v.version)}`);
  md.appendMarkdown('**');
  if (v.stages.length) {
    md.appendMarkdown(' — ');
    md.appendText(v.stages.join(', '));
  }
  md.appendMarkdown('\n\n');
  if (v.message) {
    md.appendText(v.message);
    md.appendMarkdown('\n\n');
  }
  if (v.mlflow) {
    md.appendText(`${vscode.l10n.t('MLflow registry')} (${v.mlflow.store})${v.mlflow.runId ? ` · ${vscode.l10n.t('run')} ${v.mlflow.runId}` : ''}`);
    md.appendMarkdown('\n\n');
  }
  const when = (d: Date) => d.toLocaleString();
  const lines: string[] = [];
  if (v.tag) {
    // A lightweight tag has no tagger: its date is the commit's.
    lines.push(
      v.tagger
        ? v.date
          ? vscode.l10n.t('Tagged by {0} on {1}', v.tagger, when(new Date(v.date * 1000)))
          : vscode.l10n.t('Tagged by {0}', v.tagger)
        : vscode.l10n.t('Lightweight tag (no tagger)'),
    );
    lines.push(`${vscode.l10n.t('Tag')}: ${v.tag}`);
  }
  if (v.commit) {
    const short = v.commit.slice(0, 10);
    lines.push(
      code?.author
        ? code.date
          ? vscode.l10n.t('Commit {0} by {1} on {2}', short, code.author, when(new Date(code.date)))
          : vscode.l10n.t('Commit {0} by {1}', short, code.author)
        : vscode.l10n.t('Commit {0}', short),
    );
    if (code?.message) lines.push(code.message.split('\n')[0]!);
  }
  if (node.checkedOut) lines.push(vscode.l10n.t('Checked out (HEAD is at this commit)'));
  const paragraph = (ls: readonly string[]) =>
    ls.forEach((line, i) => {
      if (i) md.appendMarkdown('  \n');
      md.appendText(line);
    });
  paragraph(lines);
  if (extra.length) {
    if (lines.length) md.appendMarkdown('\n\n');
    paragraph(extra);
  }
  return md;
}
