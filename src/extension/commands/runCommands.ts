// Register as Model Version on an MLflow or W&B run: a GTO registration tag on the commit the run
// recorded (planned by core/actions/registerRun.ts, written through the RepoWriter port). A run
// that recorded no commit is refused before anything is asked, with the reason.
import * as vscode from 'vscode';
import { planRunRegistration, registerRun, registrationRefusal } from '../../core/actions/registerRun';
import { runName } from '../../core/allVersions';
import type { ModelSummary } from '../../core/modelStore';
import { safeText } from '../../core/render/format';
import { isValidModelName } from '../../core/tagGrammar';
import type { RunSummary } from '../../core/types';
import { nextVersion, PlanError } from '../../core/versionPlans';
import { gitRepoWriter } from '../../git/tagWriter';
import { log } from '../logger';
import type { Repo, RepositoryManager } from '../repositories';
import { showError } from './resolveTarget';

export const RunCommands = {
  registerRun: 'modelVersions.registerRun',
} as const;

/** Answers for tests and callers that must not be asked (each skips its prompt). */
export interface RegisterRunArgs {
  model?: string;
  /** major | minor | patch | vX.Y.Z */
  bump?: string;
  message?: string;
}

/** A tree node (the version's Runs section, or the Unclaimed runs group) or the panel's pick: a repository and a run. */
export interface RunTarget {
  repo: Repo;
  run: RunSummary;
}

/** The run a tree node holds: the version tree's run rows carry their owner's repository. */
export function runTargetOf(node: unknown): RunTarget | undefined {
  const n = node as { kind?: string; run?: RunSummary; repo?: Repo; owner?: { repo?: Repo } } | undefined;
  if (!n?.run || typeof n.run.id !== 'string') return undefined;
  const repo = n.repo ?? n.owner?.repo;
  return repo ? { repo, run: n.run } : undefined;
}

/** Returns the tag created, or undefined when refused or cancelled. */
export async function registerRunAsVersion(repos: RepositoryManager, target: RunTarget | undefined, args: RegisterRunArgs = {}, onDone?: () => void): Promise<string | undefined> {
  if (!target) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run this from a run in the Model Versions view or the Compare All Versions view of runs.'));
    return undefined;
  }
  const { repo, run } = target;
  try {
    const refusal = registrationRefusal(run);
    if (refusal) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('{0} recorded no Git commit, so there is no commit to register. MLflow and W&B record the commit when a run starts inside a Git checkout; or tag the commit it ran at with Tag New Version.', safeText(runName(run))),
      );
      log().info(refusal);
      return undefined;
    }
    const commit = await repo.git.resolveCommit(run.gitCommit!);
    if (!commit) throw new PlanError(vscode.l10n.t('The commit {0} that {1} recorded is not in this repository; fetch it first.', run.gitCommit!.slice(0, 12), safeText(runName(run))));
    const { models } = await repo.store.list();
    const gitModels = models.filter((m) => m.origin !== 'mlflow');
    const name = args.model ?? (await pickModelName(gitModels, run));
    if (!name) return undefined;
    const existing: ModelSummary | undefined = gitModels.find((m) => m.name === name);
    const draft = planRunRegistration({ run, model: name, existing, spec: args.bump ?? 'patch', commit });
    let spec = args.bump;
    if (!spec) {
      const items = (['patch', 'minor', 'major'] as const).map((b) => ({ label: nextVersion(existing, b), description: vscode.l10n.t(b === 'patch' ? 'Patch' : b === 'minor' ? 'Minor' : 'Major'), spec: b as string }));
      const picked = await vscode.window.showQuickPick(items, {
        placeHolder: vscode.l10n.t('Version of {0} for {1} at {2}', name, safeText(runName(run)), commit.slice(0, 7)),
        // Started from the all-versions view: when one step closes, focus goes back to the
        // webview, and a pick that closed on focus-out would vanish before the user saw it.
        ignoreFocusOut: true,
      });
      if (!picked) return undefined;
      spec = picked.spec;
    }
    const plan = planRunRegistration({ run, model: name, existing, spec, commit, message: args.message ?? draft.message });
    if (args.model === undefined) {
      const create = vscode.l10n.t('Create Tag');
      const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Create {0} on {1}, the commit {2} ran at?', plan.tag, commit.slice(0, 7), safeText(runName(run))), { modal: true }, create);
      if (answer !== create) return undefined;
    }
    await registerRun(plan, gitRepoWriter(repo.git));
    log().info(`created tag ${plan.tag} on ${commit}: ${plan.summary}`);
    onDone?.();
    void vscode.window.showInformationMessage(vscode.l10n.t('Created {0} ({1}): {2} is now a version of {3}.', plan.tag, commit.slice(0, 7), safeText(runName(run)), name));
    return plan.tag;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

/** A model of the repository, or a new name (the run's experiment's, when it is a valid one). */
async function pickModelName(models: readonly ModelSummary[], run: RunSummary): Promise<string | undefined> {
  const fresh = vscode.l10n.t('New model…');
  const items = [
    ...models.map((m) => ({ label: safeText(m.name), description: m.latest ?? vscode.l10n.t('no versions'), name: m.name })),
    { label: fresh, description: '', name: '' },
  ];
  const picked = models.length ? await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Register {0} as a version of which model?', safeText(runName(run))), ignoreFocusOut: true }) : items[items.length - 1];
  if (!picked) return undefined;
  if (picked.name) return picked.name;
  const suggested = run.experiment && isValidModelName(run.experiment) && run.experiment !== 'Default' ? run.experiment : '';
  return vscode.window.showInputBox({
    prompt: vscode.l10n.t('Name of the new model'),
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (v) => (isValidModelName(v) ? undefined : vscode.l10n.t("Letters, digits, '-', '_' and '/'; starting and ending with a letter or digit")),
  });
}
