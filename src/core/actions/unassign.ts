// Unassign a stage from a version: `churn#prod!#N` on the version's commit (GTO's unassign).
import { PlanError } from '../versionPlans';
import { assertStageAllowed, type GtoConfig } from '../gtoConfig';
import { findVersion, isVStageActive, vstageEvents, type GtoState } from '../gtoState';
import { isValidStageName } from '../tagGrammar';
import { assertModelName, deletePlan, messageOr, requireArtifact, tagName, type TagPlan } from './tagPlan';

export interface UnassignRequest {
  model: string;
  version: string;
  stage: string;
  message?: string;
  /** Create the tag even when the stage is not in effect on the version (GTO's --force). */
  force?: boolean;
  /** Delete the stage's tags on the version instead. */
  delete?: boolean;
  config?: Pick<GtoConfig, 'stages'>;
}

export function planUnassign(state: GtoState, r: UnassignRequest): TagPlan {
  assertModelName(r.model);
  if (!isValidStageName(r.stage)) throw new PlanError(`'${r.stage}' is not a valid stage name (letters, digits, '-', '_', '/')`);
  if (r.config) assertStageAllowed(r.config, r.stage);
  const a = requireArtifact(state, r.model);
  const v = findVersion(a, r.version);
  if (!v) throw new PlanError(`${r.model} has no version ${r.version}`);
  const vs = v.stages.get(r.stage);
  if (r.delete) {
    if (!vs) throw new PlanError(`Stage '${r.stage}' is not assigned to a version '${v.version}' of ${r.model}: it has no ${r.stage} tags to delete`);
    return deletePlan(vstageEvents(vs), `the ${r.stage} tags of ${r.model} ${v.version}`);
  }
  if (!r.force) {
    if (!vs) throw new PlanError(`Stage '${r.stage}' is not assigned to a version '${v.version}' of ${r.model}`);
    if (!isVStageActive(vs)) throw new PlanError(`Stage '${r.stage}' was unassigned from ${r.model} ${v.version} already (by ${vstageEvents(vs)[0]!.tag}); --force creates another tag nevertheless`);
  }
  return {
    kind: 'create',
    tag: tagName(state, { model: r.model, action: 'unassign', stage: r.stage }, true),
    commit: v.commit,
    message: messageOr(r.message, `Unassigning stage '${r.stage}' to artifact '${r.model}' version '${v.version}'`),
    summary: `unassigns ${r.stage} from ${r.model} ${v.version}`,
  };
}
