// Open Manifest at Version, Copy Tag Name, Copy Hash, Reveal in Explorer.
import * as vscode from 'vscode';
import type { RepositoryManager } from '../repositories';
import type { Node } from '../treeNodes';
import { revisionUri, workingTreeUri } from '../contentProvider';
import { showError, versionTarget } from './resolveTarget';

export async function openManifestAtVersion(repos: RepositoryManager, node: Node | undefined): Promise<void> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Open the manifest of which version?'));
  if (!target) return;
  try {
    const record = await target.repo.store.record(target.resolved);
    const file = target.model.definition?.file && record.sources.includes(target.model.definition.file) ? target.model.definition.file : record.sources[0];
    if (!file) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no manifest at {1}.', target.model.name, target.version.version));
      return;
    }
    const doc = await vscode.workspace.openTextDocument(revisionUri(target.repo.root, target.version.commit, file, target.resolved.label));
    await vscode.window.showTextDocument(doc, { preview: true });
  } catch (e) {
    showError(e);
  }
}

export async function copyTagName(repos: RepositoryManager, node: Node | undefined): Promise<string | undefined> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Copy the tag of which version?'));
  const tag = target?.version.tag;
  if (!tag) return undefined;
  await vscode.env.clipboard.writeText(tag);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', tag), 3000);
  return tag;
}

export async function copyHash(node: Node | undefined): Promise<string | undefined> {
  const value = node?.kind === 'row' ? node.copyValue : undefined;
  if (!value) return undefined;
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', value.length > 20 ? value.slice(0, 20) + '…' : value), 3000);
  return value;
}

/** Reveals the file behind a data, weights or config row, a run's folder or a model's manifest in the Explorer. */
export async function revealInExplorer(node: Node | undefined): Promise<void> {
  let repoRoot: string | undefined;
  let rel: string | undefined;
  if (node?.kind === 'row' && node.entry && node.owner) {
    repoRoot = node.owner.repo.root;
    rel = node.entry.path;
  } else if (node?.kind === 'config') {
    repoRoot = node.owner.repo.root;
    rel = node.config.path;
  } else if (node?.kind === 'run') {
    // The run's folder (mlruns/1/<id>, wandb/run-…), or mlflow.db for a run from the database.
    repoRoot = node.owner.repo.root;
    rel = node.run.location;
  } else if (node?.kind === 'model' && node.model.definition) {
    repoRoot = node.repo.root;
    rel = node.model.definition.file;
  }
  if (!repoRoot || !rel) return;
  const uri = workingTreeUri(repoRoot, rel);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    // A DVC output or an LFS object not pulled yet: show its pointer or .dvc file instead.
    const dvc = node?.kind === 'row' && node.entry?.source === 'dvc-file' ? workingTreeUri(repoRoot, node.entry.sourceFile) : undefined;
    if (dvc) return void vscode.commands.executeCommand('revealInExplorer', dvc);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not in the working tree.', rel));
    return;
  }
  await vscode.commands.executeCommand('revealInExplorer', uri).then(undefined, showError);
}
