// Check Out Version… and Restore Model Files Only: never lose uncommitted work. A dirty tree
// stops and asks (stash, new branch, cancel); git itself refuses anything that would overwrite.
import * as vscode from 'vscode';
import { modelFiles } from '../../core/modelFiles';
import { checkoutVersion, readStatus, restoreFiles, usesLfs } from '../../git/worktree';
import type { RepositoryManager } from '../repositories';
import type { Node } from '../treeNodes';
import { showError, versionTarget, type VersionTarget } from './resolveTarget';
import { log } from '../logger';

export interface CheckoutArgs {
  /** Skip the questions: what to do with uncommitted changes, and the branch name when 'branch'. */
  mode?: 'detach' | 'stash' | 'branch';
  branch?: string;
}

export async function checkOutVersion(repos: RepositoryManager, node: Node | undefined, args: CheckoutArgs = {}, onDone?: (checkedOut?: VersionTarget) => void): Promise<boolean> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Which version to check out?'));
  if (!target) return false;
  const { repo, resolved } = target;
  if (!resolved.commit) {
    showError(new Error(vscode.l10n.t('{0} has no Git commit to check out: its MLflow run recorded none', resolved.label)));
    return false;
  }
  const commit = resolved.commit;
  try {
    const status = await readStatus(repo.git);
    let mode = args.mode;
    if (!mode) {
      const stashAndCheckout = vscode.l10n.t('Stash and Check Out');
      const inBranch = vscode.l10n.t('Check Out in a New Branch');
      const detach = vscode.l10n.t('Check Out');
      let choice: string | undefined;
      if (status.changed.length) {
        const files = status.changed.map((f) => f.path);
        choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('{0} files have uncommitted changes. Check out {1}?', files.length, resolved.label),
          {
            modal: true,
            detail: `${files.slice(0, 12).join('\n')}${files.length > 12 ? `\n… ${files.length - 12} more` : ''}\n\n${vscode.l10n.t(
              'Stash keeps them in git stash (git stash pop brings them back); a new branch carries them along when git can. Untracked files are never touched.',
            )}`,
          },
          stashAndCheckout,
          inBranch,
        );
      } else {
        choice = await vscode.window.showInformationMessage(
          vscode.l10n.t('Check out {0} ({1})?', resolved.label, commit.slice(0, 7)),
          { modal: true, detail: vscode.l10n.t('HEAD will be detached at this version; a new branch keeps your work on a branch.') },
          detach,
          inBranch,
        );
      }
      if (!choice) return false;
      mode = choice === stashAndCheckout ? 'stash' : choice === inBranch ? 'branch' : 'detach';
    }
    let branch = args.branch;
    if (mode === 'branch' && !branch) {
      branch = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Name of the new branch at {0}', resolved.label),
        value: `${resolved.model.replace(/[:/]/g, '-')}-${resolved.version}`,
        validateInput: (b) => (/^[^\s~^:?*[\\]+$/.test(b) && !b.startsWith('-') && !b.includes('..') ? undefined : vscode.l10n.t('Not a valid branch name')),
      });
      if (!branch) return false;
    }
    const result = await checkoutVersion(repo.git, { commit, label: resolved.label, stash: mode === 'stash', branch: mode === 'branch' ? branch : undefined });
    for (const m of result.messages) log().info(m);
    onDone?.(target);
    void vscode.window.showInformationMessage(result.messages.join(' '));
    return true;
  } catch (e) {
    const messages = (e as { messages?: string[] }).messages ?? [];
    for (const m of messages) log().info(m);
    showError(e);
    return false;
  }
}

export interface RestoreArgs {
  confirm?: boolean;
}

export async function restoreModelFiles(repos: RepositoryManager, node: Node | undefined, args: RestoreArgs = {}, onDone?: () => void): Promise<string[] | undefined> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Restore the files of which version?'));
  if (!target) return undefined;
  const { repo, resolved, model } = target;
  if (!resolved.commit) {
    showError(new Error(vscode.l10n.t('{0} has no Git commit to restore files from: its MLflow run recorded none', resolved.label)));
    return undefined;
  }
  try {
    const record = await repo.store.record(resolved);
    const paths = modelFiles(record, model.definition);
    if (!args.confirm) {
      const restore = vscode.l10n.t('Restore Files');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t("Restore {0}'s files as they were at {1}?", model.name, resolved.label),
        { modal: true, detail: `${paths.join('\n')}\n\n${vscode.l10n.t('HEAD does not move. Files with uncommitted changes stop the restore.')}` },
        restore,
      );
      if (choice !== restore) return undefined;
    }
    const restored = await restoreFiles(repo.git, resolved.commit!, paths);
    onDone?.();
    const lfs = (await usesLfs(repo.git, resolved.commit!)) ? ` ${vscode.l10n.t('Git LFS files are left as pointers; download them with: git lfs pull')}` : '';
    void vscode.window.showInformationMessage(vscode.l10n.t('Restored {0} paths of {1}; HEAD did not move.', restored.length, resolved.label) + lfs);
    return restored;
  } catch (e) {
    showError(e);
    return undefined;
  }
}
