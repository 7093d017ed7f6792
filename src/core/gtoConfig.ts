// GTO's own configuration, `.gto` at the top of the working tree (iterative/gto config.py): the
// allowed stages in their order and the allowed types. Read from the working tree, as GTO reads it.
import type { FileSource } from './fileSource';
import { isMap, parseYaml } from './structuredText';
import { isValidStageName } from './tagGrammar';
import type { Diagnostic } from './types';
import { PlanError } from './versionPlans';

export const GTO_CONFIG_FILE = '.gto';

export interface GtoConfig {
  /** Allowed stages in order; undefined when `.gto` sets none (then any stage is allowed). */
  stages?: string[];
  types?: string[];
  diagnostics: Diagnostic[];
}

// Keys GTO's settings know (case-insensitive, as pydantic-settings reads them).
const KNOWN_KEYS = new Set(['index', 'config_file_name', 'log_level', 'debug', 'emojis', 'types', 'stages', 'enrichments', 'autoload_enrichments']);

/** Parses the text of a `.gto` file; problems become diagnostics, the stages are kept only when valid. */
export function parseGtoConfig(text: string): GtoConfig {
  const parsed = parseYaml(GTO_CONFIG_FILE, text);
  const diagnostics = [...parsed.diagnostics];
  const value = parsed.value ?? {};
  if (!isMap(value)) {
    diagnostics.push({ severity: 'error', file: GTO_CONFIG_FILE, line: 1, message: `${GTO_CONFIG_FILE}: GTO's config must be a mapping (stages: [...], types: [...])` });
    return { diagnostics };
  }
  const config: GtoConfig = { diagnostics };
  for (const [key, v] of Object.entries(value)) {
    const k = key.toLowerCase();
    if (!KNOWN_KEYS.has(k)) {
      // GTO refuses a config with keys it does not know: say so, since `gto` itself will fail.
      diagnostics.push({ severity: 'warning', file: GTO_CONFIG_FILE, message: `${GTO_CONFIG_FILE}: '${key}' is not a GTO setting; gto refuses a config with unknown keys` });
      continue;
    }
    if (k !== 'stages' && k !== 'types') continue;
    if (v === null) continue;
    const names = Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
    const bad = names?.find((n) => !isValidStageName(n));
    if (!names || bad !== undefined) {
      diagnostics.push({
        severity: 'error',
        file: GTO_CONFIG_FILE,
        message: `${GTO_CONFIG_FILE}: ${key} must be a list of names (letters, digits, '-', '_', '/')${bad !== undefined ? `; '${bad}' is not one` : ''}`,
      });
      continue;
    }
    if (k === 'stages') config.stages = names;
    else config.types = names;
  }
  return config;
}

/** Reads `.gto` from a source (the working tree); no file means no rules. */
export async function readGtoConfig(source: FileSource): Promise<GtoConfig> {
  const r = await source.read(GTO_CONFIG_FILE, 1024 * 1024).catch(() => ({ kind: 'missing' as const }));
  if (r.kind === 'missing' || r.kind === 'not-a-file') return { diagnostics: [] };
  if (r.kind !== 'file') return { diagnostics: [{ severity: 'warning', file: GTO_CONFIG_FILE, message: `${GTO_CONFIG_FILE} could not be read (${r.kind}); no stage rules apply` }] };
  return parseGtoConfig(r.text);
}

/** Refuses a stage `.gto` does not allow, naming the allowed ones (GTO's UnknownStage). */
export function assertStageAllowed(config: Pick<GtoConfig, 'stages'>, stage: string): void {
  if (!config.stages || config.stages.includes(stage)) return;
  throw new PlanError(
    config.stages.length
      ? `stage '${stage}' is not allowed by .gto; allowed stages are: ${config.stages.join(', ')}`
      : `stage '${stage}' is not allowed: .gto allows no stages (stages: [])`,
  );
}

/** The stages to show, in `.gto`'s order first, then the others as they came. */
export function orderStages(config: Pick<GtoConfig, 'stages'>, stages: Iterable<string>): string[] {
  const all = [...stages];
  if (!config.stages) return all;
  const rank = (s: string) => {
    const i = config.stages!.indexOf(s);
    return i < 0 ? config.stages!.length : i;
  };
  return all.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}

/** A stage → version map with its keys in `.gto`'s order. */
export function orderStageMap<T>(config: Pick<GtoConfig, 'stages'>, stages: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const s of orderStages(config, Object.keys(stages))) Object.defineProperty(out, s, { value: stages[s], enumerable: true, writable: true, configurable: true });
  return out;
}
