// Register a version (GTO's register, `model-versions tag`, Tag New Version…): `churn@v1.2.0`
// on HEAD. One plan for the CLI and the extension; it runs through runTagPlan.
import type { RegistryModel } from '../registry';
import { PlanError, planRegistration } from '../versionPlans';
import type { CreateTagPlan } from './tagPlan';

export interface RegisterRequest {
  model: string;
  /** major | minor | patch | vX.Y.Z (the `v` may be left out). */
  spec: string;
  /** The commit to register (HEAD); null in a repository with no commits. */
  headCommit: string | null;
  message?: string;
}

export interface RegisterPlan extends CreateTagPlan {
  version: string;
}

/** What a registration creates, or GTO's refusal (a taken version, HEAD already registered). */
export function planRegister(model: Pick<RegistryModel, 'versions'> | undefined, r: RegisterRequest): RegisterPlan {
  if (!r.headCommit) throw new PlanError('this repository has no commits yet; commit the model first');
  const p = planRegistration(r.model, model, r.spec, r.headCommit, r.message);
  return { kind: 'create', tag: p.tag, commit: r.headCommit, message: p.message, version: p.version, summary: `registers ${r.model} ${p.version}` };
}
