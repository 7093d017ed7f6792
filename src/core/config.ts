// The extension's configuration as one typed object: each setting's default, how its value is
// checked, and what a change of it needs — a repository opened again (what the store reads
// changes) or only a redraw (what is shown changes). Pure: the host hands in the raw values.
import { DEFAULT_EXCLUDES } from './discovery';
import type { StoreOptions } from './modelStore';
import { DEFAULT_RUN_STORES } from './runStores';

export interface Config {
  tags: { gto: boolean; plainVersionsModel: string; prefix: string };
  manifestGlobs: string[];
  exclude: string[];
  runs: { enabled: boolean; mlflowPath: string; mlflowDatabase: string; wandbPath: string };
  versionsPerModel: number;
  showDeregistered: boolean;
  stages: string[];
  stagesEnforceOrder: boolean;
  registries: string[];
  /** How often the tree compares its tags with the remote's; 0: only on Refresh, Fetch and Push. */
  remoteAutoRefreshMinutes: number;
  gitPath: string;
  metrics: { lowerIsBetter: string[]; higherIsBetter: string[] };
}

/**
 * What a change of a setting needs: `reopen` — the repository's store and git processes are made
 * again (tag conventions, the git program, run stores, manifests, registries); `redraw` — the
 * tree is drawn again from what was read; `none` — the next command reads it.
 */
export type ChangeEffect = 'reopen' | 'redraw' | 'none';

type Kind = 'boolean' | 'string' | 'strings' | 'count' | 'minutes';

interface SettingSpec {
  kind: Kind;
  effect: ChangeEffect;
  /** Where the value goes in Config. */
  set(c: Config, v: unknown): void;
}

const spec = (kind: Kind, effect: ChangeEffect, set: SettingSpec['set']): SettingSpec => ({ kind, effect, set });

/** Every setting under `modelVersions.`, by its key. */
export const SETTINGS: Readonly<Record<string, SettingSpec>> = {
  'tags.gto': spec('boolean', 'reopen', (c, v) => (c.tags.gto = v as boolean)),
  'tags.plainVersionsModel': spec('string', 'reopen', (c, v) => (c.tags.plainVersionsModel = v as string)),
  'tags.prefix': spec('string', 'reopen', (c, v) => (c.tags.prefix = (v as string).replace(/\/+$/, ''))),
  manifestGlobs: spec('strings', 'reopen', (c, v) => (c.manifestGlobs = v as string[])),
  exclude: spec('strings', 'reopen', (c, v) => (c.exclude = v as string[])),
  'runs.enabled': spec('boolean', 'reopen', (c, v) => (c.runs.enabled = v as boolean)),
  'runs.mlflowPath': spec('string', 'reopen', (c, v) => (c.runs.mlflowPath = (v as string) || DEFAULT_RUN_STORES.mlruns)),
  'runs.mlflowDatabase': spec('string', 'reopen', (c, v) => (c.runs.mlflowDatabase = (v as string) || DEFAULT_RUN_STORES.mlflowDb)),
  'runs.wandbPath': spec('string', 'reopen', (c, v) => (c.runs.wandbPath = (v as string) || DEFAULT_RUN_STORES.wandb)),
  registries: spec('strings', 'reopen', (c, v) => (c.registries = [...new Set(v as string[])])),
  'remote.autoRefreshMinutes': spec('minutes', 'none', (c, v) => (c.remoteAutoRefreshMinutes = v as number)),
  'git.path': spec('string', 'reopen', (c, v) => (c.gitPath = (v as string) || 'git')),
  versionsPerModel: spec('count', 'redraw', (c, v) => (c.versionsPerModel = v as number)),
  showDeregistered: spec('boolean', 'redraw', (c, v) => (c.showDeregistered = v as boolean)),
  stages: spec('strings', 'none', (c, v) => (c.stages = v as string[])),
  'stages.enforceOrder': spec('boolean', 'none', (c, v) => (c.stagesEnforceOrder = v as boolean)),
  'metrics.lowerIsBetter': spec('strings', 'redraw', (c, v) => (c.metrics.lowerIsBetter = v as string[])),
  'metrics.higherIsBetter': spec('strings', 'redraw', (c, v) => (c.metrics.higherIsBetter = v as string[])),
};

/** The configuration with no setting changed. */
export function defaultConfig(): Config {
  return {
    tags: { gto: true, plainVersionsModel: '', prefix: '' },
    manifestGlobs: [],
    exclude: [],
    runs: { enabled: true, mlflowPath: DEFAULT_RUN_STORES.mlruns, mlflowDatabase: DEFAULT_RUN_STORES.mlflowDb, wandbPath: DEFAULT_RUN_STORES.wandb },
    versionsPerModel: 20,
    showDeregistered: false,
    stages: ['dev', 'staging', 'prod'],
    stagesEnforceOrder: false,
    registries: [],
    remoteAutoRefreshMinutes: 5,
    gitPath: 'git',
    metrics: { lowerIsBetter: [], higherIsBetter: [] },
  };
}

export interface ParsedConfig {
  config: Config;
  /** A setting whose value was not of its kind: it keeps its default, and this says so. */
  problems: string[];
}

/**
 * Reads every setting through `get` (undefined: not set). A value of the wrong kind (settings.json
 * is hand-written) keeps the default and becomes a problem, never an exception.
 */
export function parseConfig(get: (key: string) => unknown): ParsedConfig {
  const config = defaultConfig();
  const problems: string[] = [];
  for (const [key, s] of Object.entries(SETTINGS)) {
    const raw = get(key);
    if (raw === undefined || raw === null) continue;
    const value = checked(s.kind, raw);
    if (value === undefined) {
      problems.push(`modelVersions.${key} must be ${KIND_WORDS[s.kind]}; its default is used`);
      continue;
    }
    s.set(config, value);
  }
  return { config, problems };
}

const KIND_WORDS: Record<Kind, string> = { boolean: 'true or false', string: 'a string', strings: 'a list of strings', count: 'a whole number of at least 1', minutes: 'a number of minutes (0: never)' };

function checked(kind: Kind, raw: unknown): unknown {
  switch (kind) {
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'string':
      return typeof raw === 'string' ? raw.trim() : undefined;
    case 'strings':
      // Blank entries say nothing; an entry of another kind makes the list wrong.
      return Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? (raw as string[]).map((x) => x.trim()).filter(Boolean) : undefined;
    case 'count':
      return typeof raw === 'number' && Number.isFinite(raw) && raw >= 1 ? Math.floor(raw) : undefined;
    case 'minutes':
      return typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? raw : undefined;
  }
}

/**
 * What a configuration change needs, from which settings it touches (`affects(key)`, VS Code's
 * affectsConfiguration): the strongest effect of any of them.
 */
export function changeEffect(affects: (key: string) => boolean): ChangeEffect {
  let effect: ChangeEffect = 'none';
  for (const [key, s] of Object.entries(SETTINGS)) {
    if (!affects(key)) continue;
    if (s.effect === 'reopen') return 'reopen';
    if (s.effect === 'redraw') effect = 'redraw';
  }
  return effect;
}

/** What a repository's model store reads, from the configuration. */
export function storeOptions(c: Config): Pick<StoreOptions, 'conventions' | 'excludes' | 'manifestGlobs' | 'runStores'> {
  return {
    conventions: { gto: c.tags.gto, plainModel: c.tags.plainVersionsModel || undefined, prefix: c.tags.prefix || undefined },
    excludes: [...DEFAULT_EXCLUDES, ...c.exclude],
    manifestGlobs: c.manifestGlobs,
    runStores: c.runs.enabled ? { mlruns: c.runs.mlflowPath, mlflowDb: c.runs.mlflowDatabase, wandb: c.runs.wandbPath } : false,
  };
}
