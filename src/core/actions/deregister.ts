// Deregister a version: `churn@v1.2.0!` on its commit (GTO's deregister); its stages go with it.
import { PlanError } from '../versionPlans';
import { findVersion, isRegistered, isVersionActive, versionEvents, type GtoState } from '../gtoState';
import { assertModelName, deletePlan, messageOr, requireArtifact, tagName, type TagPlan } from './tagPlan';

export interface DeregisterRequest {
  model: string;
  version: string;
  message?: string;
  force?: boolean;
  /** Delete all of the version's tags (its registration, deregistrations and stage tags) instead. */
  delete?: boolean;
}

export function planDeregister(state: GtoState, r: DeregisterRequest): TagPlan {
  assertModelName(r.model);
  const a = requireArtifact(state, r.model);
  const v = findVersion(a, r.version);
  if (!v) throw new PlanError(`${r.model} has no version ${r.version}`);
  if (!r.force) {
    if (!isRegistered(v)) throw new PlanError(`The version at ref '${v.commit}' is not registered: ${r.model} ${v.version} has no registration tag`);
    if (!isVersionActive(v)) throw new PlanError(`The version at ref '${v.commit}' was deregistered already: ${r.model} ${v.version}`);
  }
  if (r.delete) return deletePlan(versionEvents(v), `the tags of ${r.model} ${v.version}`);
  return {
    kind: 'create',
    tag: tagName(state, { model: r.model, action: 'deregister', version: v.version }, false),
    commit: v.commit,
    message: messageOr(r.message, `Deregistering artifact ${r.model} version ${v.version}`),
    summary: `deregisters ${r.model} ${v.version}`,
  };
}
