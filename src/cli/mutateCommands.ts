// `tag` and `promote`: the commands that write tags (checkout is in checkoutCommand.ts).
import { NotFoundError } from '../core/modelStore';
import { parseSemVer } from '../core/semver';
import { assertPromotable, planPromotion, planRegistration } from '../core/versionPlans';
import { isWorkingTree } from '../core/types';
import { isValidModelName, isValidStageName } from '../core/tagGrammar';
import { UsageError } from './args';
import type { CliContext } from './context';
import { checkPromotionRules } from './lifecycleCommands';
import { printable } from '../git/revision';
import { createAnnotatedTag, readStatus, SafetyError } from '../git/worktree';
import { pushCreatedTags, type RemoteCliOptions } from './remoteCommands';

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
  const { tag, message } = planRegistration(modelName, model, spec, head.commit, opts.message);
  await createAnnotatedTag(ctx.repo, { name: tag, commit: head.commit, message });
  ctx.io.out(`Created tag ${tag} on ${head.commit.slice(0, 7)}\n`);
  // A bare repository has no working tree, so nothing can be uncommitted.
  const status = ctx.repo.bare ? { changed: [] } : await readStatus(ctx.repo);
  if (status.changed.length) ctx.io.err(`note: ${status.changed.length} uncommitted change${status.changed.length === 1 ? ' is' : 's are'} not part of the tagged commit\n`);
  if (opts.push) return pushCreatedTags(ctx, [tag], `${modelName}@${planVersion(tag)}`, opts);
  return 0;
}

/** `v1.2.0` of `churn@v1.2.0`: the version part of a registration tag. */
function planVersion(tag: string): string {
  return tag.slice(tag.lastIndexOf('@') + 1);
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
  await checkPromotionRules(ctx, model.name, target.version, stage, { enforceOrder: opts.enforceOrder });
  const { tag, message, version } = planPromotion(model, target, stage, opts.message);
  await createAnnotatedTag(ctx.repo, { name: tag, commit: resolved.commit, message });
  ctx.io.out(`Created tag ${tag}: ${model.name} ${version} is now in ${stage}\n`);
  if (opts.push) return pushCreatedTags(ctx, [tag], `${model.name}#${stage}`, opts);
  return 0;
}
