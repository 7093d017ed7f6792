// What each path of a DVC pipeline is to a model, from what dvc.lock says about it: a stage's
// deps are what it read and its outs what it wrote. Only deps that no stage wrote and that are
// not code are the model's input data; `src/train.py` is code, `eval/` (the evaluate stage's out
// holding eval/metrics.json) is metrics, `data/features` (featurize's out) an intermediate output.
import type { LockStage } from './readers/dvcLock';
import type { HashEntry } from './types';

export type PipelineRole = 'data' | 'code' | 'weights' | 'output';

export interface ClassifiedEntry {
  entry: HashEntry;
  role: PipelineRole;
}

export interface PipelineContext {
  /** The artifact path of the model being read (repository-relative or a URI), if declared. */
  artifactPath?: string;
  /** Whether that artifact is a model (its path is weights) or data (a `type: dataset`). */
  artifactIsData?: boolean;
  /** Paths of the other artifacts declared beside it: their files are not this model's weights. */
  otherArtifacts?: readonly string[];
  metricsFiles?: readonly string[];
  plotsFiles?: readonly string[];
  looksLikeWeights(path: string): boolean;
}

/** Extensions of source code, notebooks and scripts. */
const CODE_FILE =
  /\.(py|pyx|pxd|pyi|ipynb|sh|bash|zsh|fish|ps1|bat|cmd|r|rmd|jl|scala|sc|java|kt|kts|groovy|ts|tsx|js|jsx|mjs|cjs|go|rs|c|cc|cpp|cxx|h|hh|hpp|hxx|cu|cuh|m|mm|swift|rb|pl|pm|php|lua|cs|fs|hs|clj|ex|exs|erl|dart|f90|f95|sql)$/i;
/** Files without a code extension that are still code or its environment. */
const CODE_NAME = /(^|\/)(Makefile|Dockerfile|Snakefile|Justfile|requirements[^/]*\.txt|pyproject\.toml|setup\.cfg|Pipfile(\.lock)?|poetry\.lock|environment\.ya?ml|conda\.ya?ml)$/;
/** Folders that hold code when a stage depends on the whole folder (`deps: [src]`). */
const CODE_FOLDER = /(^|\/)(src|source|lib|code|scripts|notebooks|pipelines?|utils)$/;

/** Whether a stage dependency is code rather than data: by extension, by name, or a folder of code. */
export function isCodePath(path: string): boolean {
  return CODE_FILE.test(path) || CODE_NAME.test(path) || CODE_FOLDER.test(path);
}

/** `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + '/');
}

/**
 * Gives every dep and out of the lock's stages one role, first place of a path winning:
 * - an out is weights when it is the artifact (or, with no artifact claiming it, a weights file),
 *   else an output (marked `metrics`/`plots` when it is or holds the stage's metrics or plots
 *   files), except that what a stage reading only remote storage wrote (an import) is data;
 * - a dep another stage wrote is already listed as that stage's out; a code dep is code; the
 *   rest are the input data.
 */
export function classifyPipeline(stages: readonly LockStage[], ctx: PipelineContext): ClassifiedEntry[] {
  const written = new Set(stages.flatMap((s) => s.outs.map((e) => e.path)));
  const out: ClassifiedEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: HashEntry, role: PipelineRole) => {
    if (seen.has(entry.path)) return;
    seen.add(entry.path);
    out.push({ entry: role === 'output' ? withRole(entry, ctx) : entry, role });
  };
  const artifact = ctx.artifactPath;
  for (const stage of stages) {
    // A stage that reads remote storage (and code, nothing else) brings data into the pipeline.
    const source = stage.deps.some((d) => d.remote !== undefined) && stage.deps.every((d) => d.remote !== undefined || isCodePath(d.path));
    for (const e of stage.outs) {
      if (artifact !== undefined && within(e.path, artifact)) add(e, ctx.artifactIsData ? 'data' : 'weights');
      else if (ctx.looksLikeWeights(e.path) && !(ctx.otherArtifacts ?? []).some((a) => within(e.path, a)) && !ctx.artifactIsData) add(e, 'weights');
      else if (withRole(e, ctx).role) add(e, 'output');
      else add(e, source ? 'data' : 'output');
    }
  }
  for (const stage of stages) {
    for (const e of stage.deps) {
      if (written.has(e.path)) continue;
      if (artifact !== undefined && within(e.path, artifact)) add(e, ctx.artifactIsData ? 'data' : 'weights');
      else add(e, e.remote === undefined && isCodePath(e.path) ? 'code' : 'data');
    }
  }
  return out;
}

/** The entry marked as holding metrics or plots when it is, or is a folder holding, such a file. */
function withRole(e: HashEntry, ctx: PipelineContext): HashEntry {
  const holds = (files: readonly string[] | undefined) => (files ?? []).some((f) => within(f, e.path));
  if (holds(ctx.metricsFiles)) return { ...e, role: 'metrics' };
  if (holds(ctx.plotsFiles)) return { ...e, role: 'plots' };
  return e;
}
