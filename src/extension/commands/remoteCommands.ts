// Fetch Tags (view title) and Push (a version or a model): the core's fetch and push use cases
// with progress, Cancel, and their outcome in one message each.
import * as vscode from 'vscode';
import { runFetch, fetchMessages, type FetchResult, type Messages } from '../../core/actions/fetchTags';
import { runPush, pushMessages, type PushResult, type PushTarget } from '../../core/actions/pushTags';
import { RemoteError } from '../../core/remotePort';
import { GitRemote } from '../../git/remote';
import { assertWritable, type Repo, type RepositoryManager } from '../repositories';
import type { Node } from '../tree/nodes';
import { readSettings } from '../settings';
import { log } from '../logger';
import { modelTarget, showError } from './resolveTarget';
import { logCause } from '../errors';
import { refreshRemoteStatus } from '../tree/remoteStatus';

/** The ids of these commands (package.json has the same; ids.ts's Commands is their later home). */
export const RemoteCommands = {
  fetchTags: 'modelVersions.fetchTags',
  pushTags: 'modelVersions.pushTags',
} as const;

/** For tests and callers that must not be asked. */
export interface RemoteArgs {
  /** A configured remote; default: the branch's upstream remote, else origin. */
  remote?: string;
}

/** Runs `fn` with a notification that shows progress and whose Cancel stops git. */
function withCancel<T>(title: string, fn: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return fn(controller.signal);
  });
}

function show(m: Messages): void {
  // Kept apart in one toast, not run together; no full stop after a tag name (v1.2.0. misreads).
  const sentences = (lines: string[]) => lines.map((l) => l.trim()).filter(Boolean).join('; ');
  // Not awaited: a message the workbench refuses must not reject unseen.
  if (m.warnings.length) void vscode.window.showWarningMessage(sentences(m.warnings)).then(undefined, () => undefined);
  if (m.info.length) void vscode.window.showInformationMessage(sentences(m.info)).then(undefined, () => undefined);
}

/** The context key that offers Fetch Tags and Push: true when some repository has a remote. */
export const HAS_REMOTE = 'modelVersions.hasRemote';

/** Sets HAS_REMOTE after the tree's read: one `git remote` per repository, nothing on the network. */
export async function updateRemoteContext(repos: RepositoryManager): Promise<void> {
  let any = false;
  for (const repo of (await repos.peek()).filter((r) => !r.readOnly)) {
    const remotes = await new GitRemote(repo.git).remotes().catch((e: unknown) => {
      logCause(`git remote in ${repo.root}`, e);
      return [];
    });
    if (remotes.length) any = true;
  }
  await vscode.commands.executeCommand('setContext', HAS_REMOTE, any);
}

/** Fetch Tags: every repository of the workspace (or the node's), registry tags only; never replaces a local tag. */
export async function fetchTags(repos: RepositoryManager, node: Node | undefined, args: RemoteArgs = {}, onDone?: () => void): Promise<FetchResult[]> {
  const targets: Repo[] = (node && 'repo' in node && node.repo ? [node.repo] : await repos.get()).filter((r) => !r.readOnly);
  const results: FetchResult[] = [];
  for (const repo of targets) {
    const conventions = readSettings(vscode.Uri.file(repo.root)).store.conventions;
    try {
      const result = await withCancel(vscode.l10n.t('Fetching registry tags of {0}…', repo.name), (signal) => runFetch(new GitRemote(repo.git), { remote: args.remote, conventions }, signal));
      log().info(`fetched ${result.fetched.length} tags from ${result.remote} into ${repo.root}`);
      results.push(result);
      show(fetchMessages(result));
      void refreshRemoteStatus(repo);
    } catch (e) {
      if (e instanceof RemoteError && e.kind === 'no-remote') void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no remote to fetch tags from.', repo.name)).then(undefined, () => undefined);
      else showError(e);
    }
  }
  repos.peek().then((rs) => rs.forEach((r) => r.store.invalidate()), () => undefined);
  onDone?.();
  return results;
}

/** Push: the unpushed tags of a version (registration and stages) or of a whole model. */
export async function pushTags(repos: RepositoryManager, node: Node | undefined, args: RemoteArgs = {}, onDone?: () => void): Promise<PushResult | undefined> {
  const picked = await modelTarget(repos, node, vscode.l10n.t('Push the tags of which model?'));
  if (!picked) return undefined;
  const { repo, model } = picked;
  assertWritable(repo);
  const target: PushTarget = node?.kind === 'version' ? { model: model.name, version: node.version } : { model: model.name };
  const what = target.version ? `${model.name} ${target.version.version}` : model.name;
  const conventions = readSettings(vscode.Uri.file(repo.root)).store.conventions;
  try {
    const result = await withCancel(vscode.l10n.t('Pushing the tags of {0}…', what), (signal) => runPush(new GitRemote(repo.git), target, { remote: args.remote, conventions }, signal));
    log().info(`pushed ${result.pushed.join(', ') || 'nothing'} to ${result.remote}`);
    show(pushMessages(result, what, vscode.l10n.t('Push on {0} in the Model Versions view', what)));
    void refreshRemoteStatus(repo);
    onDone?.();
    return result;
  } catch (e) {
    if (e instanceof RemoteError && e.kind === 'no-remote') {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no remote to push to; the tags of {1} stay here. Add one with: git remote add origin URL', repo.name, what)).then(undefined, () => undefined);
    } else if (e instanceof RemoteError) {
      showError(new Error(vscode.l10n.t('{0} The tags of {1} exist here; push them later with Push.', e.message, what)));
    } else showError(e);
    return undefined;
  }
}
