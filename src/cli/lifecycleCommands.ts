// `unassign`, `deregister` and `deprecate` (also in GTO's spelling, `deprecate <model> [<version>
// [<stage>]]`): parse the arguments, plan with the core, run the plan, say what happened.
import { planDeprecate } from '../core/actions/deprecate';
import { planDeregister } from '../core/actions/deregister';
import { runTagPlan, type RunResult, type TagPlan } from '../core/actions/tagPlan';
import { planUnassign } from '../core/actions/unassign';
import { readGtoConfig, type GtoConfig } from '../core/gtoConfig';
import { buildGtoState, type GtoState } from '../core/gtoState';
import { safeText } from '../core/render/format';
import { parseSemVer } from '../core/semver';
import { gitRepoWriter } from '../git/tagWriter';
import { UsageError } from './args';
import type { CliContext } from './context';
import { interruptible, remotePortOf, reportCreatedPush } from './remoteCommands';

export interface LifecycleFlags {
  message?: string;
  push: boolean;
  delete: boolean;
  force: boolean;
}

/** `churn@v1.2.0` → model and version (the `v` may be left out, as `tag` allows). */
export function parseModelVersion(operand: string): { model: string; version: string } {
  const at = operand.indexOf('@');
  if (at <= 0) throw new UsageError(`'${safeText(operand)}' is not <model>@<version> (churn@v1.2.0)`);
  return { model: operand.slice(0, at), version: versionArg(operand.slice(at + 1)) };
}

function versionArg(text: string): string {
  const version = text.startsWith('v') ? text : `v${text}`;
  if (!parseSemVer(version.slice(1))) throw new UsageError(`Version '${safeText(text)}' is not valid. Example of valid version: 'v1.0.0'`);
  return version;
}

/** Every tag as GTO's index reads them. */
export async function gtoStateOf(ctx: CliContext): Promise<GtoState> {
  return buildGtoState(await ctx.repo.readTags());
}

/** `.gto` from the working tree; its problems go to stderr (a bare repository has none). */
export async function gtoConfigOf(ctx: CliContext): Promise<GtoConfig> {
  if (ctx.repo.bare) return { diagnostics: [] };
  const config = await readGtoConfig(ctx.repo.workdir());
  for (const d of config.diagnostics) ctx.io.err(`${d.severity === 'error' ? 'error' : 'warning'}: ${safeText(d.message)}\n`);
  return config;
}

export async function unassignCommand(ctx: CliContext, operand: string, stage: string, flags: LifecycleFlags): Promise<number> {
  const { model, version } = parseModelVersion(operand);
  const config = await gtoConfigOf(ctx);
  const plan = planUnassign(await gtoStateOf(ctx), { model, version, stage, message: flags.message, force: flags.force, delete: flags.delete, config });
  return carryOut(ctx, plan, flags, model);
}

export async function deregisterCommand(ctx: CliContext, operand: string, flags: LifecycleFlags): Promise<number> {
  const { model, version } = parseModelVersion(operand);
  const plan = planDeregister(await gtoStateOf(ctx), { model, version, message: flags.message, force: flags.force, delete: flags.delete });
  return carryOut(ctx, plan, flags, model);
}

/** `deprecate <model>`, or GTO's `deprecate <model> <version>` (deregister) and `… <version> <stage>` (unassign). */
export async function deprecateCommand(ctx: CliContext, args: readonly string[], flags: LifecycleFlags): Promise<number> {
  const [model, version, stage] = args as [string, string?, string?];
  if (model.includes('@')) throw new UsageError(`deprecate takes a model name; to deregister a version: model-versions deregister ${safeText(model)}`);
  if (stage !== undefined) return unassignCommand(ctx, `${model}@${version}`, stage, flags);
  if (version !== undefined) return deregisterCommand(ctx, `${model}@${version}`, flags);
  const head = await ctx.repo.head().catch(() => ({ commit: null }));
  const plan = planDeprecate(await gtoStateOf(ctx), { model, message: flags.message, force: flags.force, delete: flags.delete, headCommit: head.commit });
  return carryOut(ctx, plan, flags, model);
}

async function carryOut(ctx: CliContext, plan: TagPlan, flags: LifecycleFlags, model: string): Promise<number> {
  if (plan.kind === 'delete' && flags.message !== undefined) throw new UsageError('--delete removes tags; it takes no -m');
  if (plan.kind === 'delete') {
    // Listed before anything is removed, with each tag's object: `git update-ref` brings one back.
    ctx.io.out(`Deleting ${plan.tags.length} tag${plan.tags.length === 1 ? '' : 's'}, ${safeText(plan.summary)}:\n`);
    for (const t of plan.tags) ctx.io.out(`  ${safeText(t.name)}  ${t.expected}\n`);
  }
  let run: RunResult;
  try {
    // --push goes to the branch's upstream remote, else origin: the same choice as tag, promote and push.
    run = await interruptible((signal) =>
      runTagPlan(plan, gitRepoWriter(ctx.repo), {
        push: flags.push ? { port: remotePortOf(ctx, {}) } : undefined,
        signal,
        onWritten: () => {
          if (plan.kind === 'create') ctx.io.out(`Created tag ${safeText(plan.tag)} on ${plan.commit.slice(0, 7)}: ${safeText(plan.summary)}\n`);
          else ctx.io.out(`Deleted ${plan.tags.length} tag${plan.tags.length === 1 ? '' : 's'}; to bring one back: git update-ref refs/tags/<name> <object id above>\n`);
        },
      }),
    );
  } catch (e) {
    if (plan.kind === 'delete') (e as Error).message += '; the tags listed before it were deleted';
    throw e;
  }
  if (!flags.push) return 0;
  if (plan.kind === 'create') return reportCreatedPush(ctx, run, [plan.tag], model);
  if (run.push) {
    ctx.io.out(`Deleted ${plan.tags.length} tag${plan.tags.length === 1 ? '' : 's'} on ${safeText(run.push.remote)}\n`);
    return 0;
  }
  ctx.io.err(`model-versions: ${safeText((run.pushFault?.message ?? '').replace(/\s+$/, ''))}; the tag${plan.tags.length === 1 ? ' was' : 's were'} deleted here but not on the remote\n`);
  return 1;
}
