// Check Out Version… and Restore Model Files Only: never lose uncommitted work. A dirty tree
// stops and asks (stash, new branch, cancel); git itself refuses anything that would overwrite,
// and then the files it names are shown with a way on (stash them and check out). After a
// checkout the message offers the way back (Switch Back, and Pop Stash when a stash was made).
// The model's DVC outputs and LFS files come along (core/actions): hashing what is on disk runs
// in a worker thread, under a notification with Cancel.
import * as vscode from 'vscode';
import { modelFiles } from '../../core/modelFiles';
import { checkOutVersion as checkOutWithFiles, pullAndPlace, type CheckoutOutcome, type FilesOutcome, type Progress } from '../../core/actions/checkout';
import { pullableFiles } from '../../core/actions/pullObjects';
import type { VersionContent } from '../../core/actions/versionContent';
import { restoreModelFiles as restoreWithFiles } from '../../core/actions/restore';
import { versionContent } from '../../core/actions/versionContent';
import { LocalStorage } from '../../git/dvcStorage';
import { GitCheckoutPort, OverwriteError, popStash, readStatus, switchBack, type CheckoutResult, type HeadPlace } from '../../git/worktree';
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
    const content = await versionContent(repo.store, { ...resolved, commit });
    const run = (stash: boolean) =>
      withFilesProgress(repo.git, vscode.l10n.t('Check Out Version'), (port, signal, progress) =>
        checkOutWithFiles(port, { commit, label: resolved.label, stash, branch: branchName, signal }, content, progress),
      );
    let outcome: CheckoutOutcome | undefined;
    try {
      outcome = await run(mode === 'stash');
    } catch (e) {
      // git names the files in the way only now (a new branch carries changes only when it can).
      if (!(e instanceof OverwriteError) || e.untracked.length || !e.changed.length || mode === 'stash') throw e;
      if (!(await askToStash(e, resolved.label, branchName))) return false;
      outcome = await run(true);
    }
    if (!outcome) return false; // cancelled before anything changed
    const result = outcome.git;
    for (const m of outcome.messages) log().info(m);
    onDone?.(target);
    // Switch Back refreshes too; it records no checkout (the status bar's note no longer matches HEAD).
    announceCheckout(repo.git, result, resolved.label, commit, branchName, () => onDone?.(), outcome, content);
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
function announceCheckout(
  git: GitRepository,
  result: CheckoutResult,
  label: string,
  commit: string,
  branch: string | undefined,
  onDone?: () => void,
  outcome?: CheckoutOutcome,
  content?: VersionContent,
): void {
  const sentences = [
    branch === undefined
      ? vscode.l10n.t('HEAD is now detached at {0} ({1}).', label, commit.slice(0, 7))
      : vscode.l10n.t('Switched to a new branch {0} at {1} ({2}).', branch, label, commit.slice(0, 7)),
  ];
  if (result.stash) sentences.push(vscode.l10n.t('Your changes are saved in {0}.', result.stash.ref));
  if (outcome) sentences.push(...filesSentences(outcome.files));
  if (result.lfs) sentences.push(vscode.l10n.t('Git LFS files are left as pointers (git lfs pull downloads them).'));
  if (result.submodules.length) sentences.push(vscode.l10n.t('Submodules stay at their commits (git submodule update moves them).'));
  const back = vscode.l10n.t('Switch Back');
  const backAndPop = vscode.l10n.t('Switch Back and Pop Stash');
  const missing = outcome?.files.plan.missing ?? [];
  const pull = content && outcome ? pullButton(outcome.files) : undefined;
  const buttons = [...(pull ? [pull] : []), ...(result.previous ? (result.stash ? [backAndPop, back] : [back]) : [])];
  // A warning, not a modal: a clone without `dvc pull` misses objects on every checkout.
  if (missing.length) log().info(missingDetail(missing));
  const shown = missing.length ? vscode.window.showWarningMessage(sentences.join(' '), ...buttons) : vscode.window.showInformationMessage(sentences.join(' '), ...buttons);
  void shown.then(async (choice) => {
    if (choice && choice === pull) return pullMissing(git, content!, label, onDone);
    if (!choice || !result.previous) return;
    await goBack(git, result.previous, choice === backAndPop ? result.stash?.oid : undefined, result.stash?.oid, onDone);
  });
}

/** "Pull from 'storage'" when the missing objects' remote is a folder or HTTP(S) this can copy from. */
function pullButton(files: FilesOutcome): string | undefined {
  const remotes = [...new Set(pullableFiles(files.plan.missing).map((m) => m.pull!.remote))];
  if (!remotes.length) return undefined;
  return remotes.length === 1 ? vscode.l10n.t("Pull from '{0}'", remotes[0]!) : vscode.l10n.t('Pull from the DVC Remotes');
}

/** Copies the missing objects from the remote into the DVC cache and places the version's files. */
async function pullMissing(git: GitRepository, content: VersionContent, label: string, onDone?: () => void): Promise<void> {
  try {
    const files = await withFilesProgress(git, vscode.l10n.t('Pull from DVC Remote'), (port, signal, progress) => pullAndPlace(port, content, label, signal, progress));
    if (!files) return;
    for (const m of files.messages) log().info(m);
    onDone?.();
    const sentences = filesSentences(files);
    const missing = files.plan.missing;
    if (missing.length) {
      log().info(missingDetail(missing));
      void vscode.window.showWarningMessage(sentences.join(' '));
    } else void vscode.window.showInformationMessage(sentences.join(' ') || vscode.l10n.t('The files of {0} are as the version has them.', label));
  } catch (e) {
    showError(e);
  }
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
    const commit = resolved.commit;
    const content = await versionContent(repo.store, { ...resolved, commit });
    const outcome = await withFilesProgress(repo.git, vscode.l10n.t('Restore Model Files Only'), (port, signal, progress) =>
      restoreWithFiles(port, { commit, label: resolved.label, signal }, content, progress),
    );
    if (!outcome) return undefined;
    const restored = outcome.restored;
    for (const m of outcome.messages) log().info(m);
    onDone?.();
    const restoredText =
      restored.length === 1 ? vscode.l10n.t('Restored 1 path of {0}; HEAD did not move.', resolved.label) : vscode.l10n.t('Restored {0} paths of {1}; HEAD did not move.', restored.length, resolved.label);
    const sentences = [restoredText, ...filesSentences(outcome.files)];
    const missing = outcome.files.plan.missing;
    if (missing.length) {
      log().info(missingDetail(missing));
      const pull = pullButton(outcome.files);
      void vscode.window.showWarningMessage(sentences.join(' '), ...(pull ? [pull] : [])).then((choice) => {
        if (pull && choice === pull) return pullMissing(repo.git, content, resolved.label, onDone);
      });
    } else void vscode.window.showInformationMessage(sentences.join(' '));
    return restored;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

/**
 * Runs a checkout or restore under a notification with Cancel; the token becomes the core's
 * AbortSignal. Undefined when cancelled before anything changed.
 */
async function withFilesProgress<T>(git: GitRepository, title: string, work: (port: GitCheckoutPort, signal: AbortSignal, progress: Progress) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (report, token) => {
    const ac = new AbortController();
    const sub = token.onCancellationRequested(() => ac.abort());
    let phase = '';
    let bytes = 0;
    let shownMb = -1;
    const progress: Progress = {
      phase(name) {
        phase =
          name === 'pulling'
            ? vscode.l10n.t('Copying from the DVC remote into the cache…')
            : name === 'hashing'
            ? vscode.l10n.t('Comparing the files on disk with the DVC cache…')
            : name === 'git'
              ? vscode.l10n.t('Running git…')
              : vscode.l10n.t('Copying files from the DVC cache…');
        bytes = 0;
        shownMb = -1;
        report.report({ message: phase });
      },
      bytes(n) {
        bytes += n;
        const mb = Math.floor(bytes / (1024 * 1024));
        // Under a megabyte is said by the phase alone: "0 MB" reads as nothing happening.
        if (mb === shownMb || mb === 0) return;
        shownMb = mb;
        report.report({ message: `${phase} ${vscode.l10n.t('{0} MB', mb)}` });
      },
    };
    const port = new GitCheckoutPort(git, new LocalStorage(git.root));
    try {
      return await work(port, ac.signal, progress);
    } catch (e) {
      if ((e as Error).name === 'AbortError' && ac.signal.aborted) return undefined;
      throw e;
    } finally {
      sub.dispose();
      port.dispose();
    }
  });
}

/** What happened to the DVC outputs and LFS files, in sentences. */
function filesSentences(files: FilesOutcome): string[] {
  const out: string[] = [];
  const { report, plan, pull } = files;
  if (pull?.pulled.length) {
    const remotes = pull.remotes.map((r) => `'${r}'`).join(', ');
    out.push(pull.pulled.length === 1 ? vscode.l10n.t('Pulled 1 file from DVC remote {0} into the cache.', remotes) : vscode.l10n.t('Pulled {0} files from DVC remote {1} into the cache.', pull.pulled.length, remotes));
  }
  if (pull?.failed.length) {
    out.push(
      pull.failed.length === 1
        ? vscode.l10n.t('{0} could not be pulled: {1}.', pull.failed[0]!.path, pull.failed[0]!.reason)
        : vscode.l10n.t('{0} files could not be pulled (the Model Versions log lists them).', pull.failed.length),
    );
  }
  const placed = report.placed.length;
  if (placed) out.push(placed === 1 ? vscode.l10n.t('1 file came from the DVC cache or Git LFS objects.') : vscode.l10n.t('{0} files came from the DVC cache or Git LFS objects.', placed));
  if (report.removed.length) out.push(vscode.l10n.t('{0} cached files the version does not have were removed.', report.removed.length));
  if (report.stopped) out.push(vscode.l10n.t('Cancelled: the files not yet copied are as they were.'));
  if (report.skipped.length) {
    out.push(
      report.skipped.length === 1
        ? vscode.l10n.t('{0} could not be replaced and was left as it is: {1}.', report.skipped[0]!.path, report.skipped[0]!.reason)
        : vscode.l10n.t('{0} files could not be replaced and were left as they are.', report.skipped.length),
    );
  }
  if (plan.missing.length) {
    const lfs = plan.missing.some((m) => /git lfs pull/.test(m.reason));
    const dvc = plan.missing.some((m) => !/git lfs pull/.test(m.reason));
    const fix = dvc && lfs ? 'dvc pull, git lfs pull' : dvc ? 'dvc pull' : 'git lfs pull';
    const names = plan.missing.slice(0, 3).map((m) => m.path).join(', ') + (plan.missing.length > 3 ? ', …' : '');
    out.push(
      plan.missing.length === 1
        ? vscode.l10n.t('1 file is not on this machine and was left as it is: {0} ({1} fetches it).', names, fix)
        : vscode.l10n.t('{0} files are not on this machine and were left as they are: {1} ({2} fetches them; the Model Versions log lists them).', plan.missing.length, names, fix),
    );
  }
  return out;
}

/** The missing files, one a line, and what fetches them. */
function missingDetail(missing: ReadonlyArray<{ path: string; reason: string }>): string {
  const lfs = missing.some((m) => /git lfs pull/.test(m.reason));
  const dvc = missing.some((m) => !/git lfs pull/.test(m.reason));
  const lines = missing.slice(0, 12).map((m) => `${m.path}: ${m.reason}`);
  if (missing.length > 12) lines.push(vscode.l10n.t('… {0} more', missing.length - 12));
  const fix = [dvc ? vscode.l10n.t('dvc pull fetches what is missing.') : '', lfs ? vscode.l10n.t('git lfs pull fetches the Git LFS objects.') : ''].filter(Boolean);
  return `${lines.join('\n')}\n\n${fix.join(' ')}`;
}
