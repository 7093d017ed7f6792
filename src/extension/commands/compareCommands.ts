// Compare With Previous Version, Compare Versions…, Compare With Working Tree, Open Config Diff.
import * as vscode from 'vscode';
import type { ResolvedVersion } from '../../core/modelStore';
import { isWorkingTree } from '../../core/types';
import type { Repo, RepositoryManager } from '../repositories';
import type { Node } from '../tree/nodes';
import { versionPickItems } from '../picks';
import { displayVersion } from '../tree/labels';
import { safeText } from '../../core/render/format';
import { modelTarget, previousVersion, resolvedOf, showError, versionTarget, workdirOf } from './resolveTarget';
import { openAtVersion, revisionTitle, revisionUri, versionName, workingTreeUri } from '../contentProvider';

/** Whatever shows a comparison: the diff panel, or a markdown preview until it exists. */
export interface DiffViewer {
  open(repo: Repo, versions: ResolvedVersion[]): Promise<void>;
}

export async function compareWithPrevious(repos: RepositoryManager, viewer: DiffViewer, node: Node | undefined): Promise<void> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Compare which version with the one before it?'));
  if (!target) return;
  const prev = previousVersion(target.model, target.version);
  if (!prev) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} {1} has no earlier version.', target.model.name, target.version.version));
    return;
  }
  await viewer.open(target.repo, [resolvedOf(target.model, prev), target.resolved]).catch(showError);
}

export async function compareWithWorkingTree(repos: RepositoryManager, viewer: DiffViewer, node: Node | undefined): Promise<void> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Compare which version with the working tree?'));
  if (!target) return;
  await viewer.open(target.repo, [target.resolved, workdirOf(target.model)]).catch(showError);
}

export async function compareVersions(repos: RepositoryManager, viewer: DiffViewer, node: Node | undefined, versions?: string[]): Promise<void> {
  const target = await modelTarget(repos, node, vscode.l10n.t('Compare versions of which model?'));
  if (!target) return;
  const { repo, model } = target;
  let chosen: ResolvedVersion[];
  if (versions) {
    chosen = await Promise.all(versions.map((v) => repo.store.resolve(v.includes('@') || v.includes('#') ? v : `${model.name}@${v}`)));
  } else {
    const items = [
      ...versionPickItems(model).map((i) => ({ ...i, resolved: resolvedOf(model, i.version) })),
      { label: vscode.l10n.t('Working tree'), description: vscode.l10n.t('files as they are now'), detail: undefined, resolved: workdirOf(model) },
    ];
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Pick two or more versions of {0}', model.name) });
    if (!picked) return;
    if (picked.length < 2) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Pick at least two versions to compare.'));
      return;
    }
    // Oldest first, the working tree last: columns read left to right in time.
    chosen = picked.map((p) => p.resolved).reverse();
    const wd = chosen.findIndex(isWorkingTree);
    if (wd >= 0) chosen.push(...chosen.splice(wd, 1));
  }
  await viewer.open(repo, chosen).catch(showError);
}

export interface FileDiffArgs {
  repo: Repo;
  file: string;
  left: ResolvedVersion;
  right: ResolvedVersion;
}

/**
 * The native text diff of one config file between two versions (or a version and the working
 * tree): from a config row of the tree, the panel, or the palette (which asks for the model, the
 * version and the file, and compares it with the version before).
 */
export async function openConfigDiff(repos: RepositoryManager, node: Node | undefined, explicit?: FileDiffArgs): Promise<void> {
  try {
    let args = explicit;
    if (!args && node?.kind === 'config') {
      const owner = node.owner;
      const key = node.key;
      if (owner.kind === 'version') {
        const prev = previousVersion(owner.model, owner.version);
        if (!prev) {
          if (owner.version.mlflow) await vscode.commands.executeCommand('vscode.open', workingTreeUri(owner.repo.root, node.config.path), { preview: true }, revisionTitle(node.config.path, owner.resolved));
          else await openAtVersion(owner.repo.root, node.config.path, owner.resolved);
          return;
        }
        args = { repo: owner.repo, file: key, left: resolvedOf(owner.model, prev), right: owner.resolved };
      } else {
        const latest = await owner.repo.store.resolve({ model: owner.model.name, kind: 'latest' });
        args = { repo: owner.repo, file: key, left: latest, right: owner.resolved };
      }
    }
    if (!args && !node) {
      args = await pickConfigDiff(repos);
      if (!args) return;
    }
    if (!args) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Run this from a config file in the Model Versions view.'));
      return;
    }
    await openFileDiff(args);
  } catch (e) {
    showError(e);
  }
}

/** From the palette: which version, which of its config files; compared with the version before. */
async function pickConfigDiff(repos: RepositoryManager): Promise<FileDiffArgs | undefined> {
  const target = await versionTarget(repos, undefined, vscode.l10n.t('Open the config diff of which version?'));
  if (!target) return undefined;
  const { repo, model, version, resolved } = target;
  const record = await repo.store.record(resolved);
  const files = Object.entries(record.configs).filter(([, c]) => c.present);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no config files at {1}.', model.name, displayVersion(version)));
    return undefined;
  }
  let file = files[0]![0];
  if (files.length > 1) {
    const picked = await vscode.window.showQuickPick(
      files.map(([key, c]) => ({ label: safeText(key), description: key !== c.path ? safeText(c.path) : undefined, key })),
      { placeHolder: vscode.l10n.t('Which config file of {0} {1}?', model.name, displayVersion(version)) },
    );
    if (!picked) return undefined;
    file = picked.key;
  }
  const prev = previousVersion(model, version);
  if (!prev) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} {1} has no earlier version; showing {2} as it is.', model.name, displayVersion(version), file));
    const config = record.configs[file]!;
    if (version.mlflow) await vscode.commands.executeCommand('vscode.open', workingTreeUri(repo.root, config.path), { preview: true }, revisionTitle(config.path, resolved));
    else await openAtVersion(repo.root, config.path, resolved);
    return undefined;
  }
  return { repo, file, left: resolvedOf(model, prev), right: resolved };
}

/** VS Code's diff editor on one file between two versions, titled with both. */
export async function openFileDiff({ repo, file, left, right }: FileDiffArgs): Promise<void> {
  const side = async (v: ResolvedVersion) => {
    // An MLflow version's config (its MLmodel) is a file in the working tree, not in Git.
    const config = v.registryVersion?.mlflow ? (await repo.store.record(v)).configs[file] : undefined;
    if (config) return workingTreeUri(repo.root, config.path);
    return v.commit ? revisionUri(repo.root, v.commit, file, versionName(v)) : workingTreeUri(repo.root, file);
  };
  const title = `${file} (${left.label} ↔ ${right.label})`;
  await vscode.commands.executeCommand('vscode.diff', await side(left), await side(right), title, { preview: true });
}
