// An optional rule for promotions (iterative/gto#321): a version reaches a stage only after it
// has been in every stage before it in `.gto`'s order.
import { findVersion, type GtoState } from '../gtoState';

/** The stages before `stage` in `order` that the version was never assigned (empty: the order is kept). */
export function skippedStages(state: GtoState, model: string, version: string, stage: string, order: readonly string[] | undefined): string[] {
  const at = order?.indexOf(stage) ?? -1;
  if (!order || at <= 0) return [];
  const v = findVersion(state.artifacts.get(model), version);
  const held = new Set<string>();
  for (const [name, s] of v?.stages ?? []) if (s.assignments.length) held.add(name);
  return order.slice(0, at).filter((s) => !held.has(s));
}

export function skippedStagesMessage(model: string, version: string, stage: string, skipped: readonly string[]): string {
  return `${model} ${version} was never in ${skipped.join(', ')}, the stage${skipped.length === 1 ? '' : 's'} before ${stage} in .gto; promote it there first`;
}
