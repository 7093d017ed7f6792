// Writing a planned tag from the editor: the core's runTagPlan, with progress when it pushes, and
// one message that says what was created and what reached the remote (or how to push it later).
import * as vscode from 'vscode';
import { runTagPlan, type RunResult, type TagPlan } from '../../core/actions/tagPlan';
import { pushMessages } from '../../core/actions/pushTags';
import { RemoteError } from '../../core/remotePort';
import { GitRemote } from '../../git/remote';
import { gitRepoWriter } from '../../git/tagWriter';
import { readGtoConfig, type GtoConfig } from '../../core/gtoConfig';
import { buildGtoState, type GtoState } from '../../core/gtoState';
import { log } from '../logger';
import type { Repo } from '../repositories';

/** True when the repository has a remote: only then is a push offered (one `git remote`, no network). */
export async function hasRemote(repo: Repo): Promise<boolean> {
  const remotes = await new GitRemote(repo.git).remotes().catch((e: unknown) => {
    log().debug(`git remote in ${repo.root}: ${(e as Error).message}`);
    return [];
  });
  return remotes.length > 0;
}

/** The buttons of a confirmation: Create, and Create and Push only where there is a remote. */
export async function createChoices(repo: Repo): Promise<{ create: string; createPush?: string }> {
  const create = vscode.l10n.t('Create Tag');
  return (await hasRemote(repo)) ? { create, createPush: vscode.l10n.t('Create and Push Tag') } : { create };
}

/**
 * Writes the plan's tags, then pushes them when asked (the branch's upstream remote, else
 * origin). `done` is the sentence for the local write; the push's outcome is added to it.
 */
export async function writeTags(repo: Repo, plan: TagPlan, opts: { push: boolean; done: string; onDone?: () => void }): Promise<RunResult> {
  const names = plan.kind === 'create' ? [plan.tag] : plan.tags.map((t) => t.name);
  const run = (signal?: AbortSignal) =>
    runTagPlan(plan, gitRepoWriter(repo.git), {
      push: opts.push ? { port: new GitRemote(repo.git) } : undefined,
      signal,
      onWritten: () => {
        log().info(plan.kind === 'create' ? `created tag ${plan.tag} on ${plan.commit}` : `deleted tags ${names.join(', ')}`);
        opts.onDone?.();
      },
    });
  const result = opts.push
    ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating and pushing {0}…', names.join(', ')), cancellable: true }, (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return run(controller.signal);
      })
    : await run();
  showOutcome(result, names, opts.done);
  return result;
}

function showOutcome(r: RunResult, names: string[], done: string): void {
  const ok = (text: string) => void vscode.window.showInformationMessage(text).then(undefined, () => undefined);
  const warn = (text: string) => void vscode.window.showWarningMessage(text).then(undefined, () => undefined);
  if (r.pushFault) {
    log().debug(`push of ${names.join(', ')}: ${r.pushFault.stack ?? r.pushFault.message}`);
    const remote = r.pushFault instanceof RemoteError && r.pushFault.remote ? r.pushFault.remote : 'origin';
    warn(
      r.pushFault instanceof RemoteError && r.pushFault.kind === 'no-remote'
        ? vscode.l10n.t('{0} Not pushed: this repository has no remote. Add one with: git remote add origin URL', done)
        : vscode.l10n.t('{0} Not pushed: {1} The tag exists locally; push it later with Push in the Model Versions view, or: git push {2} {3}', done, r.pushFault.message.replace(/\s+$/, ''), remote, names.join(' ')),
    );
    return;
  }
  if (!r.push) return ok(done);
  const m = pushMessages(r.push, names.join(', '), `git push ${r.push.remote} ${names.join(' ')} (or Push in the Model Versions view)`);
  if (r.plan.kind === 'delete') {
    if (r.push.pushed.length) ok(vscode.l10n.t('{0} Deleted on {1} too: {2}', done, r.push.remote, r.push.pushed.join(', ')));
    return;
  }
  // Short when all went well (a toast shows one line): what was made, and where it went.
  if (!m.warnings.length && names.every((n) => r.push!.pushed.includes(n))) return ok(vscode.l10n.t('{0} Pushed to {1}.', done, r.push.remote));
  const text = [done, ...m.info, ...m.warnings].map((l) => l.trim()).filter(Boolean).join(' · ');
  if (m.warnings.length) warn(text);
  else ok(text);
}

/** `.gto` from the working tree (a bare repository has none); its problems are in the log. */
export async function gtoConfigOf(repo: Repo): Promise<GtoConfig> {
  if (repo.git.bare) return { diagnostics: [] };
  const config = await readGtoConfig(repo.git.workdir());
  for (const d of config.diagnostics) log().warn(`${repo.root}: ${d.message}`);
  return config;
}

/** Every tag as GTO's index reads them. */
export async function gtoStateOf(repo: Repo): Promise<GtoState> {
  return buildGtoState(await repo.git.readTags());
}
