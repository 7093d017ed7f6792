// Deprecate Model, Deregister Version, Unassign Stage and Roll Back Stage…: the CLI's use cases
// (src/core/actions) asked for in dialogs. Each confirmation names the tag it will create.
import * as vscode from 'vscode';
import { planDeprecate } from '../../core/actions/deprecate';
import { planDeregister } from '../../core/actions/deregister';
import { planRollback } from '../../core/actions/rollback';
import type { CreateTagPlan, TagPlan } from '../../core/actions/tagPlan';
import { planUnassign } from '../../core/actions/unassign';
import { orderStages } from '../../core/gtoConfig';
import { findVersion, isVStageActive, stageHolders } from '../../core/gtoState';
import { safeText } from '../../core/render/format';
import { assertWritable, type Repo, type RepositoryManager } from '../repositories';
import type { Node } from '../tree/nodes';
import { modelTarget, showError, versionTarget } from './resolveTarget';
import { createChoices, gtoConfigOf, gtoStateOf, writeTags } from './tagRun';

/** Answers for tests and scripted callers: each one given skips its dialog. */
export interface LifecycleArgs {
  /** The stage to unassign or roll back. */
  stage?: string;
  message?: string;
  /** false: create the tag without asking; true: also push it. Left out: the confirmation asks. */
  push?: boolean;
  /** Deprecate a model that is deprecated already (`@deprecated#N`). */
  force?: boolean;
}

/** Asks before a tag is created: the question names the tag and its commit; undefined when cancelled. */
async function confirm(repo: Repo, question: string, plan: CreateTagPlan, args: LifecycleArgs): Promise<{ push: boolean } | undefined> {
  if (args.push !== undefined) return { push: args.push };
  // Create and Push only where there is a remote to push to.
  const { create, createPush } = await createChoices(repo);
  const buttons = createPush ? [create, createPush] : [create];
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: vscode.l10n.t('Tag message: {0}', plan.message) }, ...buttons);
  if (!choice) return undefined;
  return { push: choice === createPush };
}

async function carryOut(repo: Repo, plan: TagPlan, push: boolean, done: string, onDone?: () => void): Promise<void> {
  await writeTags(repo, plan, { push, done, onDone });
}

export async function deprecateModel(repos: RepositoryManager, node: Node | undefined, args: LifecycleArgs = {}, onDone?: () => void): Promise<string | undefined> {
  const target = await modelTarget(repos, node, vscode.l10n.t('Which model is deprecated?'));
  if (!target) return undefined;
  const { repo, model } = target;
  try {
    assertWritable(repo);
    const head = await repo.git.head();
    const plan = planDeprecate(await gtoStateOf(repo), { model: model.name, message: args.message, force: args.force, headCommit: head.commit }) as CreateTagPlan;
    const ok = await confirm(repo, 
      vscode.l10n.t('Deprecate {0}? This creates the tag {1} on {2}; the model is hidden from lists until a newer event.', model.name, plan.tag, plan.commit.slice(0, 7)),
      plan,
      args,
    );
    if (!ok) return undefined;
    await carryOut(repo, plan, ok.push, vscode.l10n.t('{0} is deprecated ({1}).', model.name, plan.tag), onDone);
    return plan.tag;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

export async function deregisterVersion(repos: RepositoryManager, node: Node | undefined, args: LifecycleArgs = {}, onDone?: () => void): Promise<string | undefined> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Which version is deregistered?'));
  if (!target) return undefined;
  const { repo, model, version } = target;
  try {
    assertWritable(repo);
    const plan = planDeregister(await gtoStateOf(repo), { model: model.name, version: version.version, message: args.message }) as CreateTagPlan;
    const held = version.stages.length ? vscode.l10n.t(' It loses {0}.', version.stages.join(', ')) : '';
    const ok = await confirm(repo, vscode.l10n.t('Deregister {0} {1}? This creates the tag {2} on {3}.{4}', model.name, version.version, plan.tag, plan.commit.slice(0, 7), held), plan, args);
    if (!ok) return undefined;
    await carryOut(repo, plan, ok.push, vscode.l10n.t('{0} {1} is deregistered ({2}).', model.name, version.version, plan.tag), onDone);
    return plan.tag;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

export async function unassignStage(repos: RepositoryManager, node: Node | undefined, args: LifecycleArgs = {}, onDone?: () => void): Promise<string | undefined> {
  const target = await versionTarget(repos, node, vscode.l10n.t('Which version loses a stage?'));
  if (!target) return undefined;
  const { repo, model, version } = target;
  try {
    assertWritable(repo);
    const [state, config] = await Promise.all([gtoStateOf(repo), gtoConfigOf(repo)]);
    let stage = args.stage;
    if (!stage) {
      // The stages in effect on this version, held now or waiting behind a newer holder.
      const v = findVersion(state.artifacts.get(model.name), version.version);
      const inEffect = orderStages(config, [...(v?.stages.values() ?? [])].filter(isVStageActive).map((s) => s.stage));
      if (!inEffect.length) throw new Error(vscode.l10n.t('{0} {1} has no stage to unassign.', model.name, version.version));
      stage = inEffect.length === 1 ? inEffect[0] : (await vscode.window.showQuickPick(inEffect.map((s) => ({ label: s, description: version.stages.includes(s) ? vscode.l10n.t('held now') : vscode.l10n.t('held by a newer version') })), { placeHolder: vscode.l10n.t('Unassign which stage of {0} {1}?', model.name, version.version) }))?.label;
      if (!stage) return undefined;
    }
    const plan = planUnassign(state, { model: model.name, version: version.version, stage, message: args.message, config }) as CreateTagPlan;
    const ok = await confirm(repo, vscode.l10n.t('Unassign {0} from {1} {2}? This creates the tag {3} on {4}.', stage, model.name, version.version, plan.tag, plan.commit.slice(0, 7)), plan, args);
    if (!ok) return undefined;
    await carryOut(repo, plan, ok.push, vscode.l10n.t('{0} {1} is no longer in {2} ({3}).', model.name, version.version, stage, plan.tag), onDone);
    return plan.tag;
  } catch (e) {
    showError(e);
    return undefined;
  }
}

export async function rollBackStage(repos: RepositoryManager, node: Node | undefined, args: LifecycleArgs = {}, onDone?: () => void): Promise<string | undefined> {
  const target = await modelTarget(repos, node, vscode.l10n.t('Roll back a stage of which model?'));
  if (!target) return undefined;
  const { repo, model } = target;
  try {
    assertWritable(repo);
    const [state, config] = await Promise.all([gtoStateOf(repo), gtoConfigOf(repo)]);
    let stage = args.stage;
    if (!stage) {
      const artifact = state.artifacts.get(model.name);
      const held = artifact ? [...stageHolders(artifact).entries()] : [];
      // From a version: the stages it holds; from the model: all of them.
      const own = node?.kind === 'version' ? held.filter(([, hs]) => hs[0]?.version === node.version.version) : held;
      const stages = orderStages(config, own.map(([s]) => s));
      if (!stages.length) throw new Error(vscode.l10n.t('No version of {0} holds a stage.', model.name));
      stage = stages.length === 1 ? stages[0] : (await vscode.window.showQuickPick(stages.map((s) => ({ label: s, description: vscode.l10n.t('now {0}', safeText(held.find(([x]) => x === s)![1][0]!.version)) })), { placeHolder: vscode.l10n.t('Roll back which stage of {0}?', model.name) }))?.label;
      if (!stage) return undefined;
    }
    const plan = planRollback(state, { model: model.name, stage, message: args.message, config });
    const ok = await confirm(repo, 
      vscode.l10n.t('Roll {0} of {1} back from {2} to {3}? This creates the tag {4} on {5}.', stage, model.name, plan.from, plan.to, plan.tag, plan.commit.slice(0, 7)),
      plan,
      args,
    );
    if (!ok) return undefined;
    await carryOut(repo, plan, ok.push, vscode.l10n.t('{0} {1} is in {2} again ({3}).', model.name, plan.to, stage, plan.tag), onDone);
    return plan.tag;
  } catch (e) {
    showError(e);
    return undefined;
  }
}
