// From what a user types (`churn@v1.2.0`, `churn#prod`, `churn@main`, `churn@workdir`, `churn@3`)
// to a version: which model, which version, at which commit, made by types.ts's constructors.
import { NotFoundError } from './notFound';
import { parseOperand, type Operand } from '../operand';
import type { RegistryVersion } from '../registry';
import { commitVersion, mlflowVersion, taggedVersion, workingTreeVersion, type ResolvedVersion, type TagRef } from '../types';
import type { StoreContext } from './context';
import type { Generation } from './generation';

/** Resolves an operand against the model's listing entry; a revision is asked of Git. */
export async function resolveOperand(ctx: StoreContext, operand: string | Operand, signal?: AbortSignal): Promise<ResolvedVersion> {
  const op = typeof operand === 'string' ? parseOperand(operand) : operand;
  const model = await ctx.model(op.model, signal);
  const gen = ctx.gen();
  const byName = await tagLookup(gen);
  const tagOf = (v: RegistryVersion) => (v.tag ? byName(v.tag) : undefined);
  switch (op.kind) {
    case 'workdir':
      return workingTreeVersion(model.name);
    case 'latest': {
      const v = model.versions.find((x) => x.version === model.latest);
      if (!v) throw new NotFoundError(`${model.name} has no registered version yet`);
      return taggedVersion(model.name, v, tagOf(v));
    }
    case 'version': {
      const v = model.versions.find((x) => x.version === op.version);
      if (!v) {
        const known = model.versions.filter((x) => x.registered).map((x) => x.version);
        throw new NotFoundError(`${model.name} has no version ${op.version}${known.length ? ` (versions: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''})` : ''}`);
      }
      return taggedVersion(model.name, v, tagOf(v));
    }
    case 'stage': {
      // hasOwn: a stage typed as `constructor` must not find Object.prototype's.
      const version = Object.hasOwn(model.stages, op.stage) ? model.stages[op.stage] : undefined;
      if (!version) {
        const known = Object.keys(model.stages);
        throw new NotFoundError(`no version of ${model.name} is in stage '${op.stage}'${known.length ? ` (stages: ${known.join(', ')})` : ''}`);
      }
      const v = model.versions.find((x) => x.version === version)!;
      // The newest assignment of the stage on that commit is the one holding it.
      const assigned = model.stageEvents.filter((e) => e.stage === op.stage && e.action === 'assign' && e.commit === v.commit).pop();
      return taggedVersion(model.name, v, tagOf(v), { name: op.stage, ...(assigned ? { tag: assigned.tag } : {}) });
    }
    case 'rev': {
      // An MLflow registry version (`churn@3`) before a Git revision of the same spelling.
      const registered = model.versions.find((x) => x.mlflow && x.version === op.rev);
      if (registered) return mlflowVersion(model.name, registered);
      if (model.origin === 'mlflow' && /^\d+$/.test(op.rev)) {
        throw new NotFoundError(`${model.name} has no MLflow version ${op.rev} (versions: ${model.versions.map((x) => x.version).slice(0, 8).join(', ')})`);
      }
      const commit = await ctx.backend.resolveCommit(op.rev, signal);
      if (!commit) throw new NotFoundError(`'${op.rev}' names no commit in this repository`);
      const v = model.versions.find((x) => x.commit === commit && x.registered && x.active);
      return commitVersion(model.name, op.rev, commit, v, v ? tagOf(v) : undefined);
    }
  }
}

/** Tags by name: those read by name, then the full read's (found by bisection in its table). */
async function tagLookup(gen: Generation): Promise<(name: string) => TagRef | undefined> {
  const list = gen.tagIndex && (await gen.tagIndex).tags;
  return (name) => {
    const known = gen.tagsByName.get(name);
    if (known || !list) return known;
    if (list.sorted) {
      const i = list.indexOf(name);
      return i >= 0 ? list.at(i) : undefined;
    }
    for (let i = 0; i < list.length; i++) if (list.name(i) === name) return list.at(i);
    return undefined;
  };
}

/**
 * The tag a version's record reads its tagger and message from. A version built from a listing
 * row (the tree's) names its tag only by name; the record is cached per model, commit and
 * version, so whoever reads it first must not leave the tagger out for everyone after.
 */
export async function tagFor(ctx: StoreContext, v: ResolvedVersion): Promise<TagRef | undefined> {
  if (v.tag || !v.registryVersion?.tag) return v.tag;
  return (await tagLookup(ctx.gen()))(v.registryVersion.tag);
}
