// `tag`, `promote` and `checkout`: the commands that write to the repository.
import { NotFoundError, type ModelSummary } from '../core/modelStore';
import { bumpSemVer, parseSemVer, type Bump } from '../core/semver';
import { formatGtoTag, isValidModelName, isValidStageName } from '../core/tagGrammar';
import { modelFiles } from '../core/modelFiles';
import { UsageError } from './args';
import type { CliContext } from './context';
import { checkoutVersion, createAnnotatedTag, pushTag, readStatus, restoreFiles, SafetyError } from '../git/worktree';

/** The version a bump gives: from the highest version ever registered, deregistered ones included. */
export function nextVersion(model: ModelSummary | undefined, bump: Bump): string {
  const highest = model?.versions.find((v) => v.registered && v.semver)?.semver;
  return `v${bumpSemVer(highest, bump)}`;
}

export async function tagCommand(ctx: CliContext, modelName: string, spec: string, opts: { message?: string; push: boolean }): Promise<number> {
  if (!isValidModelName(modelName)) throw new UsageError(`'${modelName}' is not a valid model name (letters, digits, '-', '_', '/'; a folder may prefix it as folder:name)`);
  // Only this model's tags are read; a model with none yet starts at v0.0.1 / v0.1.0 / v1.0.0.
  const model = await ctx.store.model(modelName).catch((e: unknown) => {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  });
  let version: string;
  if (spec === 'major' || spec === 'minor' || spec === 'patch') version = nextVersion(model, spec);
  else {
    const v = spec.startsWith('v') ? spec : `v${spec}`;
    if (!parseSemVer(v.slice(1))) throw new UsageError(`'${spec}' is not major, minor, patch or a SemVer version like v1.2.0`);
    version = v;
  }
  if (model?.versions.some((v) => v.version === version && v.registered)) {
    throw new SafetyError(`${modelName} ${version} already exists; pick another version`);
  }
  const head = await ctx.repo.head();
  if (!head.commit) throw new SafetyError('this repository has no commits yet; commit the model first');
  const onHead = model?.versions.find((v) => v.commit === head.commit && v.registered && v.active);
  if (onHead) throw new SafetyError(`HEAD is already registered as ${modelName} ${onHead.version}`);
  const tag = formatGtoTag({ model: modelName, action: 'register', version });
  const message = opts.message ?? `Registering artifact ${modelName} version ${version}`;
  await createAnnotatedTag(ctx.repo, { name: tag, commit: head.commit, message });
  ctx.io.out(`Created tag ${tag} on ${head.commit.slice(0, 7)}\n`);
  const status = await readStatus(ctx.repo);
  if (status.changed.length) ctx.io.err(`note: ${status.changed.length} uncommitted change${status.changed.length === 1 ? ' is' : 's are'} not part of the tagged commit\n`);
  if (opts.push) {
    await pushTag(ctx.repo, tag);
    ctx.io.out(`Pushed ${tag} to origin\n`);
  }
  return 0;
}

export async function promoteCommand(ctx: CliContext, operand: string, stage: string, opts: { message?: string; push: boolean }): Promise<number> {
  if (!isValidStageName(stage)) throw new UsageError(`'${stage}' is not a valid stage name (letters, digits, '-', '_', '/')`);
  const resolved = await ctx.store.resolve(operand);
  if (!resolved.commit) throw new UsageError('the working tree cannot be promoted; tag it first');
  const model = await ctx.store.model(resolved.model);
  const version = resolved.registryVersion?.version ?? resolved.version;
  if (model.stages[stage] === version) throw new SafetyError(`${model.name} ${version} is already in ${stage}`);
  const tag = formatGtoTag({ model: model.name, action: 'assign', stage, counter: model.maxCounter + 1 });
  const message = opts.message ?? `Assigning stage ${stage} to artifact ${model.name} ${resolved.registryVersion ? `version ${version}` : `commit ${resolved.commit}`}`;
  await createAnnotatedTag(ctx.repo, { name: tag, commit: resolved.commit, message });
  ctx.io.out(`Created tag ${tag}: ${model.name} ${version} is now in ${stage}\n`);
  if (opts.push) {
    await pushTag(ctx.repo, tag);
    ctx.io.out(`Pushed ${tag} to origin\n`);
  }
  return 0;
}

export async function checkoutCommand(ctx: CliContext, operand: string, opts: { stash: boolean; branch?: string; filesOnly: boolean }): Promise<number> {
  if (opts.filesOnly && (opts.stash || opts.branch !== undefined)) throw new UsageError('--files-only does not move HEAD; it cannot be combined with --stash or --branch');
  const resolved = await ctx.store.resolve(operand);
  if (!resolved.commit) throw new UsageError('the working tree is already checked out');
  if (opts.filesOnly) {
    const record = await ctx.store.record(resolved);
    const model = await ctx.store.model(resolved.model);
    const paths = modelFiles(record, model.definition);
    const restored = await restoreFiles(ctx.repo, resolved.commit, paths);
    ctx.io.out(`Restored ${restored.length} path${restored.length === 1 ? '' : 's'} of ${resolved.label} (${resolved.commit.slice(0, 7)}); HEAD did not move:\n`);
    for (const p of restored) ctx.io.out(`  ${p}\n`);
    return 0;
  }
  const result = await checkoutVersion(ctx.repo, { commit: resolved.commit, label: resolved.label, stash: opts.stash, branch: opts.branch });
  for (const m of result.messages) ctx.io.out(m + '\n');
  return 0;
}
