// Roll a stage back: assign it again to the version that held it before the one holding it now.
import { PlanError } from '../versionPlans';
import { assertStageAllowed, type GtoConfig } from '../gtoConfig';
import { previousHolder } from '../history';
import { stageHolders, type GtoState } from '../gtoState';
import { assertModelName, messageOr, requireArtifact, tagName, type CreateTagPlan } from './tagPlan';

export interface RollbackRequest {
  model: string;
  stage: string;
  message?: string;
  config?: Pick<GtoConfig, 'stages'>;
}

export function planRollback(state: GtoState, r: RollbackRequest): CreateTagPlan & { from: string; to: string } {
  assertModelName(r.model);
  if (r.config) assertStageAllowed(r.config, r.stage);
  const a = requireArtifact(state, r.model);
  const current = stageHolders(a).get(r.stage)?.[0];
  if (!current) throw new PlanError(`no version of ${r.model} is in ${r.stage}; there is nothing to roll back`);
  const previous = previousHolder(state, r.model, r.stage);
  if (!previous) throw new PlanError(`${r.model} ${current.version} is the only version that held ${r.stage} (and is still registered); there is no earlier one to roll back to`);
  return {
    kind: 'create',
    tag: tagName(state, { model: r.model, action: 'assign', stage: r.stage }, true),
    commit: previous.commit,
    message: messageOr(r.message, `Assigning stage ${r.stage} to artifact ${r.model} version ${previous.version}`),
    summary: `gives ${r.stage} back to ${r.model} ${previous.version} (from ${current.version})`,
    from: current.version,
    to: previous.version,
  };
}
