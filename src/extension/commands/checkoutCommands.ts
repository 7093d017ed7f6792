// Check Out Version… and Restore Model Files Only: never lose uncommitted work. A dirty tree
// stops and asks (stash, new branch, cancel); git itself refuses anything that would overwrite,
// and then the files it names are shown with a way on (stash them and check out). After a
// checkout the message offers the way back (Switch Back, and Pop Stash when a stash was made).
import * as vscode from 'vscode';
import { modelFiles } from '../../core/modelFiles';
import { checkoutVersion, OverwriteError, popStash, readStatus, restoreFiles, switchBack, usesLfs, type CheckoutResult, type HeadPlace } from '../../git/worktree';
import type { GitRepository } from '../../git/repository';
import type { RepositoryManager } from '../repositories';
import type { Node } from '../tree/nodes';
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
          files.length === 1
            ? vscode.l10n.t('1 file has uncommitted changes. Check out {0}?', resolved.label)
            : vscode.l10n.t('{0} files have uncommitted changes. Check out {1}?', files.length, resolved.label),
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
    const branchName = mode === 'branch' ? branch : undefined;
    const run = (stash: boolean) => checkoutVersion(repo.git, { commit, label: resolved.label, stash, branch: branchName });
    let result: CheckoutResult;
    try {
      result = await run(mode === 'stash');
    } catch (e) {
      // git names the files in the way only now (a new branch carries changes only when it can).
      if (!(e instanceof OverwriteError) || e.untracked.length || !e.changed.length || mode === 'stash') throw e;
      if (!(await askToStash(e, resolved.label, branchName))) return false;
      result = await run(true);
    }
    for (const m of result.messages) log().info(m);
    onDone?.(target);
    // Switch Back refreshes too; it records no checkout (the status bar's note no longer matches HEAD).
    announceCheckout(repo.git, result, resolved.label, commit, branchName, () => onDone?.());
    return true;
  } catch (e) {
    const messages = (e as { messages?: string[] }).messages ?? [];
    for (const m of messages) log().info(m);
    showError(e);
    return false;
  }
}

/** The files git refused to overwrite, and the way on: stash them and check out. */
async function askToStash(e: OverwriteError, label: string, branch: string | undefined): Promise<boolean> {
  const stash = vscode.l10n.t('Stash and Check Out');
  const n = e.changed.length;
  const message =
    branch === undefined
      ? n === 1
        ? vscode.l10n.t('Checking out {0} would overwrite uncommitted changes to 1 file.', label)
        : vscode.l10n.t('Checking out {0} would overwrite uncommitted changes to {1} files.', label, n)
      : n === 1
        ? vscode.l10n.t('Checking out {0} in the new branch {1} would overwrite uncommitted changes to 1 file.', label, branch)
        : vscode.l10n.t('Checking out {0} in the new branch {1} would overwrite uncommitted changes to {2} files.', label, branch, n);
  const files = `${e.changed.slice(0, 12).join('\n')}${n > 12 ? `\n${vscode.l10n.t('… {0} more', n - 12)}` : ''}`;
  const choice = await vscode.window.showWarningMessage(
    message,
    {
      modal: true,
      detail: `${files}\n\n${vscode.l10n.t('Nothing was changed. Stash keeps your changes in git stash and checks out; Switch Back and Pop Stash bring them back.')}`,
    },
    stash,
  );
  return choice === stash;
}

/** Where HEAD is now, in whole sentences, with buttons that go back (and pop the stash made). */
function announceCheckout(git: GitRepository, result: CheckoutResult, label: string, commit: string, branch: string | undefined, onDone?: () => void): void {
  const sentences = [
    branch === undefined
      ? vscode.l10n.t('HEAD is now detached at {0} ({1}).', label, commit.slice(0, 7))
      : vscode.l10n.t('Switched to a new branch {0} at {1} ({2}).', branch, label, commit.slice(0, 7)),
  ];
  if (result.stash) sentences.push(vscode.l10n.t('Your changes are saved in {0}.', result.stash.ref));
  if (result.lfs) sentences.push(vscode.l10n.t('Git LFS files are left as pointers (git lfs pull downloads them).'));
  if (result.submodules.length) sentences.push(vscode.l10n.t('Submodules stay at their commits (git submodule update moves them).'));
  const back = vscode.l10n.t('Switch Back');
  const backAndPop = vscode.l10n.t('Switch Back and Pop Stash');
  const buttons = result.previous ? (result.stash ? [backAndPop, back] : [back]) : [];
  void vscode.window.showInformationMessage(sentences.join(' '), ...buttons).then(async (choice) => {
    if (!choice || !result.previous) return;
    await goBack(git, result.previous, choice === backAndPop ? result.stash?.oid : undefined, result.stash?.oid, onDone);
  });
}

/** Switch Back (and pop the stash when asked); a stash left behind is offered again. */
async function goBack(git: GitRepository, previous: HeadPlace, pop: string | undefined, stashOid: string | undefined, onDone?: () => void): Promise<void> {
  try {
    const where = previous.branch ?? previous.commit.slice(0, 7);
    log().info(await switchBack(git, previous));
    onDone?.();
    if (pop) {
      log().info(await popStash(git, pop));
      onDone?.();
      void vscode.window.showInformationMessage(vscode.l10n.t('Switched back to {0} and popped the stash: your changes are back.', where));
      return;
    }
    if (!stashOid) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Switched back to {0}.', where));
      return;
    }
    const popButton = vscode.l10n.t('Pop Stash');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Switched back to {0}. Your changes are still in the stash.', where), popButton);
    if (choice !== popButton) return;
    log().info(await popStash(git, stashOid));
    onDone?.();
    void vscode.window.showInformationMessage(vscode.l10n.t('Popped the stash: your changes are back.'));
  } catch (e) {
    showError(e);
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
    const restoredText =
      restored.length === 1 ? vscode.l10n.t('Restored 1 path of {0}; HEAD did not move.', resolved.label) : vscode.l10n.t('Restored {0} paths of {1}; HEAD did not move.', restored.length, resolved.label);
    void vscode.window.showInformationMessage(restoredText + lfs);
    return restored;
  } catch (e) {
    showError(e);
    return undefined;
  }
}
