// Register as Model Version on a run: a GTO registration tag on the commit the run recorded, so a
// run that nothing claimed becomes a version (and the run is then that version's). Planned
// without git; carried out through the RepoWriter port.
import type { RepoWriter } from '../ports';
import type { RegistryModel } from '../registry';
import type { RunSummary } from '../types';
import { PlanError, planRegistration } from '../versionPlans';
import { runName } from '../allVersions';
import type { CreateTagPlan } from './tagPlan';

/**
 * Why a run cannot be registered before anything is asked: it recorded no commit (MLflow's
 * `mlflow.source.git.commit` tag, W&B's metadata `git.commit`), so there is nothing to tag.
 */
export function registrationRefusal(run: Pick<RunSummary, 'source' | 'id' | 'name' | 'gitCommit'>): string | undefined {
  if (run.gitCommit) return undefined;
  const where = run.source === 'mlflow' ? 'no mlflow.source.git.commit tag' : 'no git.commit in its wandb-metadata.json';
  return `run ${runName(run)} recorded no Git commit (${where}), so there is no commit to register; log it from a Git checkout (MLflow and W&B record the commit then), or tag the commit it ran at with model-versions tag`;
}

export interface RunRegistration {
  run: Pick<RunSummary, 'source' | 'id' | 'name' | 'experiment' | 'gitCommit'>;
  model: string;
  /** The model's versions so far (undefined for a new model). */
  existing?: Pick<RegistryModel, 'versions'>;
  /** major | minor | patch | vX.Y.Z */
  spec: string;
  /** The full commit the run's recorded (maybe abbreviated) id names in this repository; undefined when it names none. */
  commit: string | undefined;
  message?: string;
}

/** The registration tag for a run's commit, or the reason there can be none. */
export function planRunRegistration(r: RunRegistration): CreateTagPlan {
  const refusal = registrationRefusal(r.run);
  if (refusal) throw new PlanError(refusal);
  if (!r.commit) throw new PlanError(`the commit ${r.run.gitCommit} that run ${runName(r.run)} recorded is not in this repository (fetch it first)`);
  // Said in the run's terms before planRegistration's, which speaks of HEAD.
  const there = r.existing?.versions.find((v) => v.commit === r.commit && v.registered && v.active && !(v as { mlflow?: unknown }).mlflow);
  if (there) throw new PlanError(`the commit ${r.commit.slice(0, 7)} of run ${runName(r.run)} is already registered as ${r.model} ${there.version}`);
  const from = `${r.run.source === 'mlflow' ? 'MLflow' : 'W&B'} run ${r.run.id}${r.run.experiment ? ` (experiment ${r.run.experiment})` : ''}`;
  const draft = planRegistration(r.model, r.existing, r.spec, r.commit);
  const plan = planRegistration(r.model, r.existing, r.spec, r.commit, r.message?.trim() ? r.message : `${draft.message}\n\nFrom ${from}`);
  return { kind: 'create', tag: plan.tag, commit: r.commit, message: plan.message, summary: `registers ${r.model} ${plan.version} at ${r.commit.slice(0, 7)} from ${from}` };
}

/** Creates the registration tag. */
export async function registerRun(plan: CreateTagPlan, writer: RepoWriter, signal?: AbortSignal): Promise<void> {
  await writer.createAnnotatedTag(plan.tag, plan.commit, plan.message, signal);
}
