// Open Manifest at Version, a file at a version, Copy Tag Name, Copy Hash, Reveal in Explorer.
import * as vscode from 'vscode';
import type { ResolvedVersion } from '../../core/modelStore';
import { resolveRepoPath } from '../../core/repoPath';
import type { Repo, RepositoryManager } from '../repositories';
import type { Node } from '../tree/nodes';
import { openAtVersion, workingTreeUri } from '../contentProvider';
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
    await openAtVersion(target.repo.root, file, target.resolved);
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

/**
 * Opens a data or weights file as it is at a version (the panel's ↗): the file itself when Git
 * has it there (an LFS pointer, a small file), else the file its hash was read from (its .dvc
 * file, dvc.lock) — a DVC output is not in Git. Remote URIs and paths outside the repository are
 * never opened as files.
 */
export async function openFileAtVersion(repo: Repo, version: ResolvedVersion, path: string, source?: string): Promise<void> {
  if (isRemoteUri(path)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is in remote storage, not in the repository.', path));
    return;
  }
  const file = resolveRepoPath('', path);
  const from = source && !isRemoteUri(source) ? resolveRepoPath('', source) : undefined;
  if (!file.ok) throw new Error(file.reason);
  const exists = async (p: string) =>
    version.commit ? (await repo.git.catFile.info(`${version.commit}:${p}`).catch(() => ({ kind: 'missing' as const }))).kind === 'found' : await vscode.workspace.fs.stat(workingTreeUri(repo.root, p)).then(() => true, () => false);
  if (await exists(file.path)) return openAtVersion(repo.root, file.path, version);
  if (from?.ok && from.path !== file.path && (await exists(from.path))) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('{0} is not in Git; showing {1}, which records its hash', file.path, from.path), 8000);
    return openAtVersion(repo.root, from.path, version);
  }
  void vscode.window.showInformationMessage(
    version.commit ? vscode.l10n.t('{0} is not in Git at {1}.', file.path, version.label) : vscode.l10n.t('{0} is not in the working tree.', file.path),
  );
}

function isRemoteUri(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}
