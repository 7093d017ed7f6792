// `list --json --gto` and `show <model> --json --gto`: the registry in the exact shape `gto show
// --json` prints, so scripts written for GTO keep working.
import { commitsOf, gtoShowRegistry, gtoShowVersions, pythonJson, type GtoShortcut } from '../core/gtoJson';
import { buildGtoState } from '../core/gtoState';
import { parseSemVer } from '../core/semver';
import { isValidModelName } from '../core/tagGrammar';
import { PlanError } from '../core/versionPlans';
import { gitRepoReader } from '../git/tagDetails';
import { UsageError } from './args';
import type { CliContext } from './context';
import { gtoConfigOf } from './lifecycleCommands';
import { safeText } from '../core/render/format';

export async function gtoListJson(ctx: CliContext, opts: { all: boolean }): Promise<number> {
  const [tags, config] = await Promise.all([gitRepoReader(ctx.repo).readTagDetails(), gtoConfigOf(ctx)]);
  ctx.io.out(pythonJson(gtoShowRegistry(buildGtoState(tags), { stages: config.stages, deprecated: opts.all })) + '\n');
  return 0;
}

/** GTO's shortcuts: `churn`, `churn@latest` (or `@greatest`), `churn@v1.2.0`, `churn#prod`. */
export function parseGtoShortcut(text: string): { model: string; shortcut: GtoShortcut } {
  const m = /^(.+?)(?:#([^#@]+)|@(latest|greatest|v[^@#]+))$/.exec(text);
  if (m && isValidModelName(m[1]!)) {
    if (m[2] !== undefined) return { model: m[1]!, shortcut: { kind: 'stage', stage: m[2] } };
    if (m[3] === 'latest' || m[3] === 'greatest') return { model: m[1]!, shortcut: { kind: 'latest' } };
    if (parseSemVer(m[3]!.slice(1))) return { model: m[1]!, shortcut: { kind: 'version', version: m[3]! } };
  }
  if (!isValidModelName(text)) throw new UsageError(`'${safeText(text)}' is not a model, <model>@latest, <model>@vX.Y.Z or <model>#<stage>`);
  return { model: text, shortcut: { kind: 'all' } };
}

export async function gtoShowJson(ctx: CliContext, operand: string, opts: { all: boolean }): Promise<number> {
  const { model, shortcut } = parseGtoShortcut(operand);
  const reader = gitRepoReader(ctx.repo);
  const state = buildGtoState(await reader.readTagDetails());
  const commits = new Map((await reader.commitDetails(commitsOf(state, model))).map((c) => [c.commit, c]));
  const versions = gtoShowVersions(state, model, shortcut, commits, { deprecated: opts.all });
  if (!versions) throw new PlanError(`Cannot find artifact '${model}'`);
  ctx.io.out(pythonJson(versions) + '\n');
  return 0;
}
