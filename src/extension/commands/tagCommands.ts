// Tag New Version… and Promote to Stage…: the core's register and promote plans, asked for in
// quick picks and written (and pushed) by writeTags.
import * as vscode from 'vscode';
import { assertPromotable, nextVersion, planRegistration, PlanError } from '../../core/versionPlans';
import { planRegister } from '../../core/actions/register';
import { planPromote, promotionChoices } from '../../core/actions/promote';
import { isValidStageName } from '../../core/tagGrammar';
import { parseSemVer } from '../../core/semver';
import { readStatus } from '../../git/worktree';
import { createChoices, gtoConfigOf, gtoStateOf, writeTags } from './tagRun';
import { assertWritable, type RepositoryManager } from '../repositories';
import type { Node } from '../tree/nodes';
import { readSettings } from '../settings';
import { modelTarget, showError, versionTarget } from './resolveTarget';

/** Answers for tests and other callers that must not be asked (each one skips its prompt). */
export interface TagArgs {
  bump?: 'major' | 'minor' | 'patch' | string;
  message?: string;
  push?: boolean;
}

export async function tagNewVersion(repos: RepositoryManager, node: Node | undefined, args: TagArgs = {}, onDone?: () => void): Promise<string | undefined> {
  const target = await modelTarget(repos, node, vscode.l10n.t('Which model gets a new version?'));
  if (!target) return undefined;
  const { repo, model } = target;
  try {
    assertWritable(repo);
    if (model.origin === 'mlflow') {
      throw new PlanError(
        vscode.l10n.t(
          '{0} is a model of the MLflow registry: register its new versions in MLflow. To version it with Git tags as well, run model-versions tag {0} vX.Y.Z in a terminal.',
          model.name,
        ),
      );
    }
    const head = await repo.git.head();
    if (!head.commit) throw new PlanError(vscode.l10n.t('This repository has no commits yet; commit the model first.'));
    // What would refuse any version (HEAD already registered, a name GTO cannot tag) is said
    // before the first question, not after the user picked a version.
    planRegistration(model.name, model, 'patch', head.commit);
    let spec = args.bump;
    if (!spec) {
      const items = (['patch', 'minor', 'major'] as const).map((b) => ({ label: nextVersion(model, b), description: vscode.l10n.t(b === 'patch' ? 'Patch' : b === 'minor' ? 'Minor' : 'Major'), spec: b as string }));
      items.push({ label: vscode.l10n.t('Custom version…'), description: '', spec: 'custom' });
      const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('New version of {0} (latest: {1})', model.name, model.latest ?? '—'), matchOnDescription: true });
      if (!picked) return undefined;
      spec = picked.spec;
      if (spec === 'custom') {
        spec = await vscode.window.showInputBox({
          prompt: vscode.l10n.t('Version of {0} (SemVer, e.g. v1.2.0)', model.name),
          value: nextVersion(model, 'patch'),
          validateInput: (v) => (parseSemVer(v.replace(/^v/, '')) ? (model.versions.some((x) => x.version === (v.startsWith('v') ? v : `v${v}`)) ? vscode.l10n.t('{0} already exists', v) : undefined) : vscode.l10n.t('Not a SemVer version like v1.2.0')),
        });
        if (!spec) return undefined;
      }
    }
    const draft = planRegistration(model.name, model, spec, head.commit);
    let message = args.message;
    if (message === undefined) {
      const status = await readStatus(repo.git);
      message = await vscode.window.showInputBox({
        prompt:
          status.changed.length === 1
            ? vscode.l10n.t('Tag message for {0}. Note: 1 file with uncommitted changes is not part of the tagged commit {1}.', draft.tag, head.commit.slice(0, 7))
            : status.changed.length
              ? vscode.l10n.t('Tag message for {0}. Note: {1} files with uncommitted changes are not part of the tagged commit {2}.', draft.tag, status.changed.length, head.commit.slice(0, 7))
              : vscode.l10n.t('Tag message for {0} on {1}', draft.tag, head.commit.slice(0, 7)),
        value: draft.message,
      });
      if (message === undefined) return undefined;
    }
    const plan = planRegister(model, { model: model.name, spec, headCommit: head.commit, message });
    let push = args.push;
    if (push === undefined) {
      const { create, createPush } = await createChoices(repo);
      const choice = await vscode.window.showQuickPick(createPush ? [create, createPush] : [create], { placeHolder: vscode.l10n.t('Create {0}?', plan.tag) });
      if (!choice) return undefined;
      push = choice === createPush;
    }
    await writeTags(repo, plan, { push, done: vscode.l10n.t('Created {0} ({1}).', plan.tag, plan.commit.slice(0, 7)), onDone });
    return plan.tag;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

export interface PromoteArgs {
  stage?: string;
  message?: string;
  push?: boolean;
  /** The answer to "promote although it skips stages?" (modelVersions.stages.enforceOrder). */
  skipOrder?: boolean;
}

export async function promoteToStage(repos: RepositoryManager, node: Node | undefined, args: PromoteArgs = {}, onDone?: () => void): Promise<string | undefined> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Which version gets a stage?'));
  if (!target) return undefined;
  const { repo, version } = target;
  try {
    assertWritable(repo);
    assertPromotable(target.model.name, version);
    const settings = readSettings(vscode.Uri.file(repo.root));
    const [model, config] = await Promise.all([repo.store.model(target.model.name), gtoConfigOf(repo)]);
    let stage = args.stage;
    if (!stage) {
      // A stage the version already holds is no target: promoting to it would change nothing.
      const held = Object.keys(model.stages).filter((s) => model.stages[s] === version.version);
      // With `.gto` listing its stages, only those may be picked, as GTO allows no other.
      const choices = promotionChoices(model, version.version, settings.stages, config);
      const items = choices.map((s) => ({
        label: s,
        description: model.stages[s] ? vscode.l10n.t('now {0}', model.stages[s]!) : '',
      }));
      const other = { label: vscode.l10n.t('Other stage…'), description: config.stages ? vscode.l10n.t('.gto allows only {0}', config.stages.join(', ')) : '' };
      items.push(other);
      const placeHolder = held.length
        ? vscode.l10n.t('Promote {0} {1} to… (already in {2})', model.name, version.version, held.join(', '))
        : vscode.l10n.t('Promote {0} {1} to…', model.name, version.version);
      const picked = await vscode.window.showQuickPick(items, { placeHolder });
      if (!picked) return undefined;
      stage = picked.label;
      if (picked === other) {
        stage = await vscode.window.showInputBox({
          prompt: vscode.l10n.t('Stage name'),
          validateInput: (s) =>
            !isValidStageName(s)
              ? vscode.l10n.t("Letters, digits, '-', '_' and '/'; starting and ending with a letter or digit")
              : held.includes(s)
                ? vscode.l10n.t('{0} {1} is already in {2}', model.name, version.version, s)
                : config.stages && !config.stages.includes(s)
                  ? vscode.l10n.t("Stage '{0}' is not allowed by .gto; allowed stages are: {1}", s, config.stages.join(', ') || vscode.l10n.t('none'))
                  : undefined,
        });
        if (!stage) return undefined;
      }
    }
    const state = settings.enforceOrder && config.stages ? await gtoStateOf(repo) : undefined;
    const plan = planPromote(model, { version, stage, message: args.message, config, state });
    if (plan.skipped.length) {
      // The promotion order is a team's habit, not GTO's rule: asked, not refused.
      let go = args.skipOrder;
      if (go === undefined) {
        const promote = vscode.l10n.t('Promote Anyway');
        go = (await vscode.window.showWarningMessage(
          vscode.l10n.t('{0} {1} was never in {2}, the stages before {3} in .gto. Promote it to {3} anyway?', model.name, plan.version, plan.skipped.join(', '), stage),
          { modal: true, detail: vscode.l10n.t('modelVersions.stages.enforceOrder asks before a promotion skips a stage.') },
          promote,
        )) === promote;
      }
      if (!go) return undefined;
    }
    let push = args.push;
    if (push === undefined) {
      const { create, createPush } = await createChoices(repo);
      if (createPush) {
        const choice = await vscode.window.showQuickPick([create, createPush], { placeHolder: vscode.l10n.t('Create {0} ({1} {2} to {3})?', plan.tag, model.name, plan.version, stage) });
        if (!choice) return undefined;
        push = choice === createPush;
      } else push = false;
    }
    await writeTags(repo, plan, { push, done: vscode.l10n.t('{0} {1} is now in {2} ({3}).', model.name, plan.version, stage, plan.tag), onDone });
    return plan.tag;
  } catch (e) {
    showError(e);
    return undefined;
  }
}
