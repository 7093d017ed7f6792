// MLflow and W&B runs that no version claims: a project that logs runs but has no registry and no
// tags yet (seven runs in mlruns/0 and nothing else) must not look empty. A run is claimed by the
// same rules ModelStore uses to show it under a version; every other run is listed here, per
// experiment, to be compared and registered.
import type { ModelSummary } from './modelStore';
import type { RunStores } from './runStores';
import type { RunSource, RunSummary } from './types';

export interface RunGroup {
  /** Stable: source and experiment. */
  id: string;
  source: RunSource;
  /** The MLflow experiment's name (or id); for W&B, the folder its runs are in. */
  experiment: string;
  /** Newest first. */
  runs: RunSummary[];
}

export interface UnclaimedRuns {
  groups: RunGroup[];
  /** Runs in every store, claimed or not. */
  total: number;
}

/**
 * The runs no version of any model claims, grouped per experiment (MLflow before W&B, then by
 * name). Claimed: the source run of an MLflow registry version, or a run at a registered
 * version's commit that says it is no other model's (see ModelStore.ownRuns). A run an MLmodel
 * at some version names is claimed too when that version's id is in `namedRuns` (those are known
 * only from read records).
 */
export function unclaimedRuns(models: readonly Pick<ModelSummary, 'name' | 'versions'>[], stores: Pick<RunStores, 'runs' | 'registry'>, namedRuns: ReadonlySet<string> = new Set()): UnclaimedRuns {
  // Most repositories have no runs: nothing to index (100,000 tags would be walked for nothing).
  if (stores.runs.length === 0) return { groups: [], total: 0 };
  const sourceOf = new Map<string, Set<string>>();
  for (const m of stores.registry) for (const v of m.versions) if (v.runId) (sourceOf.get(v.runId) ?? sourceOf.set(v.runId, new Set()).get(v.runId)!).add(m.name);
  const modelNames = new Set([...models.map((m) => m.name), ...stores.registry.map((m) => m.name)]);
  // Commit → the models with a registered Git version there. An MLflow registry version claims
  // its source run only (its record shows no other), not every run at its run's commit.
  const atCommit = new Map<string, Set<string>>();
  for (const m of models) {
    for (const v of m.versions as ReadonlyArray<ModelSummary['versions'][number]>) {
      if (!v.registered || !v.active || !v.commit || v.mlflow) continue;
      (atCommit.get(v.commit) ?? atCommit.set(v.commit, new Set()).get(v.commit)!).add(m.name);
    }
  }
  const commits = [...atCommit.keys()];
  const claimed = (r: RunSummary): boolean => {
    if (r.source === 'mlflow' && (sourceOf.has(r.id) || namedRuns.has(r.id))) return true;
    if (!r.gitCommit) return false;
    const owners = new Set<string>();
    if (r.experiment && modelNames.has(r.experiment)) owners.add(r.experiment);
    // A run may record an abbreviated id: it claims every commit it is a prefix of.
    for (const c of commits) {
      if (c !== r.gitCommit && !c.startsWith(r.gitCommit)) continue;
      for (const m of atCommit.get(c)!) if (owners.size === 0 || owners.has(m)) return true;
    }
    return false;
  };
  const groups = new Map<string, RunGroup>();
  for (const r of stores.runs) {
    if (claimed(r)) continue;
    const experiment = r.source === 'mlflow' ? r.experiment ?? '' : wandbFolder(r.location);
    const id = `${r.source}:${experiment}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { id, source: r.source, experiment, runs: [] }));
    g.runs.push(r);
  }
  const sorted = [...groups.values()].sort((a, b) => (a.source === b.source ? (a.experiment < b.experiment ? -1 : a.experiment > b.experiment ? 1 : 0) : a.source === 'mlflow' ? -1 : 1));
  return { groups: sorted, total: stores.runs.length };
}

/** The folder a W&B run folder sits in (`wandb` for `wandb/run-…`): its "experiment" in a local store. */
function wandbFolder(location: string): string {
  const parts = location.split('/');
  const at = parts.findIndex((p) => /^(offline-)?run-/.test(p));
  return at > 0 ? parts.slice(0, at).join('/') : parts[0] ?? 'wandb';
}

/** How a group is named: `MLflow · Default`, `W&B · wandb`. */
export function groupLabel(g: Pick<RunGroup, 'source' | 'experiment'>): string {
  return `${g.source === 'mlflow' ? 'MLflow' : 'W&B'} · ${g.experiment || '(no experiment)'}`;
}

/** Every unclaimed run in one list (newest first), for comparing across experiments. */
export function allRuns(u: UnclaimedRuns): RunSummary[] {
  return u.groups.flatMap((g) => g.runs);
}
