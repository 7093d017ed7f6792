// Deprecate a model: `churn@deprecated` on the commit of its newest event (GTO's deprecate).
import { PlanError } from '../versionPlans';
import { artifactEvents, isArtifactActive, type GtoState } from '../gtoState';
import { assertModelName, deletePlan, messageOr, requireArtifact, tagName, type TagPlan } from './tagPlan';

export interface DeprecateRequest {
  model: string;
  message?: string;
  /** Deprecate again (a deprecated model gets `@deprecated#N`), or deprecate a model with no tags at HEAD. */
  force?: boolean;
  /** Delete all of the model's tags instead. */
  delete?: boolean;
  /** Where a model with no events is deprecated with --force (GTO uses HEAD). */
  headCommit?: string | null;
}

export function planDeprecate(state: GtoState, r: DeprecateRequest): TagPlan {
  assertModelName(r.model);
  const a = r.force ? state.artifacts.get(r.model) : requireArtifact(state, r.model);
  if (!r.force && !isArtifactActive(a!)) throw new PlanError(`Artifact was deprecated already: ${r.model}; --force deprecates it again`);
  const events = a ? artifactEvents(a) : [];
  if (r.delete) {
    if (!a) requireArtifact(state, r.model);
    return deletePlan(events, `the tags of ${r.model}`);
  }
  const commit = events[0]?.commit ?? r.headCommit;
  if (!commit) throw new PlanError('this repository has no commits yet');
  return {
    kind: 'create',
    // GTO: the simple name, or with --force the counted one.
    tag: tagName(state, { model: r.model, action: 'deprecate' }, r.force === true),
    commit,
    message: messageOr(r.message, `Deprecating artifact '${r.model}'`),
    summary: `deprecates ${r.model}`,
  };
}
