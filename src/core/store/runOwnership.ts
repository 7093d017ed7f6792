// Which of the runs logged at a commit are a model's: Git cannot tell which of several models at
// one commit a run trained, so a run goes to every model unless it says whose it is.
import { MODEL_NAME } from '../readers/manifest';
import type { RunStores } from '../runStores';
import type { RunSummary } from '../types';
import type { StoreContext } from './context';
import { isModel } from './listing';

/**
 * Of the runs at a version's commit, those of this model: a run that is the source run of a
 * registered model's version, or sits in an MLflow experiment named after a model, belongs to
 * that model only; any other run to every model at its commit.
 */
export async function ownRuns(ctx: StoreContext, model: string, runs: RunSummary[], stores: RunStores): Promise<RunSummary[]> {
  // Which experiment names are models: from the listing when there is one, else one model at a
  // time (show and diff must not read every tag to answer this).
  const experiments = [...new Set(runs.map((r) => (r.source === 'mlflow' ? r.experiment : undefined)).filter((e): e is string => !!e))];
  const registered = new Set(stores.registry.map((m) => m.name));
  // An experiment name that no model could have (spaces, `*`…) is not looked up in Git at all.
  const known = await Promise.all(experiments.map((e) => e === model || registered.has(e) || (MODEL_NAME.test(e) && isModel(ctx, e))));
  const names = new Set(experiments.filter((_, i) => known[i]));
  const sourceOf = new Map<string, Set<string>>();
  for (const m of stores.registry) for (const x of m.versions) if (x.runId) (sourceOf.get(x.runId) ?? sourceOf.set(x.runId, new Set()).get(x.runId)!).add(m.name);
  return runs.filter((r) => {
    const owners = new Set(r.source === 'mlflow' ? sourceOf.get(r.id) : undefined);
    if (r.experiment && names.has(r.experiment)) owners.add(r.experiment);
    return owners.size === 0 || owners.has(model);
  });
}
