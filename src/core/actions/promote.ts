// Promote a version to a stage (GTO's assign, `model-versions promote`, Promote to Stage…):
// `churn#prod#N` on the version's commit, within `.gto`'s rules. One plan for both front ends.
import { assertStageAllowed, orderStages, type GtoConfig } from '../gtoConfig';
import type { GtoState } from '../gtoState';
import type { RegistryModel } from '../registry';
import { planPromotion, stageChoices } from '../versionPlans';
import { skippedStages } from './promotionOrder';
import type { CreateTagPlan } from './tagPlan';

export interface PromoteRequest {
  /** The version as the registry lists it (a bare commit is `registered: false`). */
  version: { version: string; registered: boolean; commit: string; mlflow?: unknown };
  stage: string;
  message?: string;
  /** `.gto`'s rules: a stage outside its `stages` is refused. */
  config?: Pick<GtoConfig, 'stages'>;
  /** The registry's events, to tell which stages before this one the version never held. */
  state?: GtoState;
}

export interface PromotePlan extends CreateTagPlan {
  version: string;
  stage: string;
  /**
   * The stages before `stage` in `.gto`'s order the version never held (iterative/gto#321):
   * the front end refuses (CLI --enforce-order) or asks (modelVersions.stages.enforceOrder).
   */
  skipped: string[];
}

/** What a promotion creates, or the refusal: not allowed by `.gto`, already there, an MLflow version. */
export function planPromote(model: Pick<RegistryModel, 'name' | 'stages' | 'maxCounter'>, r: PromoteRequest): PromotePlan {
  if (r.config) assertStageAllowed(r.config, r.stage);
  const p = planPromotion(model, r.version, r.stage, r.message);
  const skipped = r.state && r.config?.stages ? skippedStages(r.state, model.name, p.version, r.stage, r.config.stages) : [];
  return {
    kind: 'create',
    tag: p.tag,
    commit: r.version.commit,
    message: p.message,
    version: p.version,
    stage: r.stage,
    summary: `puts ${model.name} ${p.version} in ${r.stage}`,
    skipped,
  };
}

/**
 * The stages a person may pick for a version: `.gto`'s when it lists them (nothing else is
 * allowed), else the configured ones then those in use; never one the version holds now.
 */
export function promotionChoices(model: Pick<RegistryModel, 'stages' | 'stageEvents'>, version: string, configured: readonly string[], config: Pick<GtoConfig, 'stages'>): string[] {
  const held = new Set(Object.keys(model.stages).filter((s) => model.stages[s] === version));
  const all = config.stages ? [...config.stages] : orderStages(config, stageChoices(configured, model.stageEvents.map((e) => e.stage)));
  return all.filter((s) => !held.has(s));
}
