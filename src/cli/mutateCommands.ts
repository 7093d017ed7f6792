// `tag` and `promote`: the commands that write tags (checkout is in checkoutCommand.ts). They
// only parse and print: the core's register and promote plans decide, runTagPlan writes.
import { NotFoundError } from '../core/modelStore';
import { parseSemVer } from '../core/semver';
import { assertPromotable, PlanError } from '../core/versionPlans';
import { planRegister } from '../core/actions/register';
import { planPromote } from '../core/actions/promote';
import { skippedStagesMessage } from '../core/actions/promotionOrder';
import { runTagPlan, type CreateTagPlan, type RunResult } from '../core/actions/tagPlan';
import { gitRepoWriter } from '../git/tagWriter';
import { isWorkingTree } from '../core/types';
import { isValidModelName, isValidStageName } from '../core/tagGrammar';
import { UsageError } from './args';
import type { CliContext } from './context';
import { gtoConfigOf, gtoStateOf } from './lifecycleCommands';
import { printable } from '../git/revision';
import { readStatus, SafetyError } from '../git/worktree';
import { interruptible, remotePortOf, reportCreatedPush, type RemoteCliOptions } from './remoteCommands';

export async function tagCommand(ctx: CliContext, modelName: string, spec: string, opts: { message?: string; push: boolean } & RemoteCliOptions): Promise<number> {
  if (opts.remote !== undefined && !opts.push) throw new UsageError('--remote goes with --push');
  if (!isValidModelName(modelName)) throw new UsageError(`'${printable(modelName)}' is not a valid model name (letters, digits, '-', '_', '/'; a folder may prefix it as folder:name)`);
  // Only this model's tags are read; a model with none yet starts at v0.0.1 / v0.1.0 / v1.0.0.
  const model = await ctx.store.model(modelName).catch((e: unknown) => {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  });
  if (!['major', 'minor', 'patch'].includes(spec) && !parseSemVer(spec.replace(/^v/, ''))) {
    throw new UsageError(`'${printable(spec)}' is not major, minor, patch or a SemVer version like v1.2.0`);
  }
  const head = await ctx.repo.head();
  if (!head.commit) throw new SafetyError('this repository has no commits yet; commit the model first');
  const plan = planRegister(model, { model: modelName, spec, headCommit: head.commit, message: opts.message });
  // A bare repository has no working tree, so nothing can be uncommitted.
  const status = ctx.repo.bare ? { changed: [] } : await readStatus(ctx.repo);
  const run = await carryOut(ctx, plan, opts, () => {
    ctx.io.out(`Created tag ${plan.tag} on ${plan.commit.slice(0, 7)}\n`);
    if (status.changed.length) ctx.io.err(`note: ${status.changed.length} uncommitted change${status.changed.length === 1 ? ' is' : 's are'} not part of the tagged commit\n`);
  });
  return opts.push ? reportCreatedPush(ctx, run, [plan.tag], `${modelName}@${plan.version}`) : 0;
}

export async function promoteCommand(ctx: CliContext, operand: string, stage: string, opts: { message?: string; push: boolean; enforceOrder?: boolean } & RemoteCliOptions): Promise<number> {
  if (opts.remote !== undefined && !opts.push) throw new UsageError('--remote goes with --push');
  if (!isValidStageName(stage)) throw new UsageError(`'${printable(stage)}' is not a valid stage name (letters, digits, '-', '_', '/')`);
  const resolved = await ctx.store.resolve(operand);
  if (isWorkingTree(resolved)) throw new UsageError('the working tree cannot be promoted; tag it first');
  assertPromotable(resolved.model, resolved.registryVersion ?? resolved);
  if (!resolved.commit) throw new SafetyError(`${resolved.label} has no commit to promote`);
  const model = await ctx.store.model(resolved.model);
  const target = resolved.registryVersion ?? { version: resolved.version, registered: false, commit: resolved.commit };
  const config = await gtoConfigOf(ctx);
  if (opts.enforceOrder && !config.stages) throw new PlanError('--enforce-order needs the stage order: list the stages in .gto (stages: [dev, staging, prod])');
  const plan = planPromote(model, { version: { ...target, commit: resolved.commit }, stage, message: opts.message, config, state: opts.enforceOrder ? await gtoStateOf(ctx) : undefined });
  if (plan.skipped.length) throw new PlanError(skippedStagesMessage(model.name, plan.version, stage, plan.skipped));
  const run = await carryOut(ctx, plan, opts, () => ctx.io.out(`Created tag ${plan.tag}: ${model.name} ${plan.version} is now in ${stage}\n`));
  return opts.push ? reportCreatedPush(ctx, run, [plan.tag], `${model.name}#${stage}`) : 0;
}

/** Writes the plan's tag through the core, and pushes it when asked (to the default remote unless named). */
function carryOut(ctx: CliContext, plan: CreateTagPlan, opts: { push: boolean } & RemoteCliOptions, onWritten: () => void): Promise<RunResult> {
  return interruptible((signal) => runTagPlan(plan, gitRepoWriter(ctx.repo), { push: opts.push ? { port: remotePortOf(ctx, opts), remote: opts.remote } : undefined, onWritten, signal }));
}
