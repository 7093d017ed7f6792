// MLflow registry versions joined to the models Git knows: a registered model of the same name
// gains them after its tagged versions, any other becomes a model of its own.
import { setOwn } from '../readers/sourceText';
import type { RegisteredModel, RunStores } from '../runStores';
import type { ModelVersion } from '../types';
import type { ModelSummary } from './listing';

/**
 * Adds the MLflow registries' models: their versions join a Git model of the same name (after
 * its tagged versions) or make a model of their own, marked as coming from MLflow.
 */
export function mergeMlflow(models: ModelSummary[], stores: RunStores): ModelSummary[] {
  if (stores.registry.length === 0) return models;
  // One list per model name over every store; a version in two stores (mlruns and mlflow.db)
  // counts once, from the store read first.
  const registered = new Map<string, ModelVersion[]>();
  for (const reg of stores.registry) {
    const list = registered.get(reg.name) ?? registered.set(reg.name, []).get(reg.name)!;
    for (const v of mlflowVersions(reg, stores.runCommits)) if (!list.some((x) => x.version === v.version)) list.push(v);
  }
  const byName = new Map(models.map((m) => [m.name, m]));
  const added: ModelSummary[] = [];
  for (const [name, list] of registered) {
    const versions = list.sort((a, b) => b.mlflow!.version - a.mlflow!.version);
    const stages = mlflowStages(versions);
    const latest = versions.find((v) => v.active)?.version ?? null;
    const existing = byName.get(name);
    if (existing) {
      // Tagged versions first (GTO's order), then MLflow's; GTO's stages and latest win, so an
      // alias named like a GTO stage stays in `mlflow.aliases` but is not shown as that stage.
      const gtoStages = new Set(Object.keys(existing.stages));
      for (const v of versions) v.stages = v.stages.filter((st) => !gtoStages.has(st));
      existing.versions = [...existing.versions, ...versions];
      for (const [stage, version] of Object.entries(stages)) if (!Object.hasOwn(existing.stages, stage)) setOwn(existing.stages, stage, version);
      existing.latest ??= latest;
      continue;
    }
    added.push({ name, latest, deprecated: false, stages, versions, stageEvents: [], maxCounter: 0, convention: 'gto', origin: 'mlflow' });
  }
  if (added.length === 0) return models;
  return [...models, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The registries narrowed to one model's name: what a model read on its own merges. */
export function storesOf(stores: RunStores, name: string): RunStores {
  return { ...stores, registry: stores.registry.filter((m) => m.name === name) };
}

function mlflowVersions(reg: RegisteredModel, commits: ReadonlyMap<string, string>): ModelVersion[] {
  return [...reg.versions]
    .sort((a, b) => b.version - a.version)
    .map((v) => {
      const aliases = Object.entries(reg.aliases).filter(([, n]) => n === v.version).map(([a]) => a).sort();
      const stage = v.stage && v.stage !== 'None' ? v.stage : undefined;
      return {
        version: String(v.version),
        commit: (v.runId && commits.get(v.runId)) || '',
        date: v.creationTime !== undefined ? Math.floor(v.creationTime / 1000) : null,
        message: v.description,
        registered: true,
        active: v.status !== 'FAILED_REGISTRATION',
        stages: [...aliases, ...(stage && stage !== 'Archived' ? [stage] : [])],
        stageTags: [],
        mlflow: { store: reg.store, version: v.version, runId: v.runId, status: v.status, stage, aliases, source: v.source },
      };
    });
}

/** Alias or stage → version; with several versions in one stage (MLflow allows it), the highest. */
function mlflowStages(versions: readonly ModelVersion[]): Record<string, string> {
  const stages: Record<string, string> = {};
  for (const v of versions) for (const s of v.stages) if (!Object.hasOwn(stages, s)) setOwn(stages, s, v.version);
  return stages;
}
