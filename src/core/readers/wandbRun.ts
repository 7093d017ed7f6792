// Weights & Biases local run folders: `wandb/run-YYYYMMDD_HHMMSS-<id>/files/` (or `offline-run-…`),
// as the wandb client writes them; per-step history lives only in the binary `.wandb` log.
import type { FileSource } from '../fileSource';
import { isMap, parseJson, parseYaml } from '../structuredText';
import type { Diagnostic, Nested } from '../types';
import { mapLimited, readSourceText, setOwn } from './sourceText';

export interface WandbSummary {
  /** Numeric final values; nested maps are flattened with '/' as W&B's UI does (`val/loss`). */
  metrics: Record<string, number>;
  step?: number;
  /** Seconds the run took. */
  runtime?: number;
  /** Unix seconds of the last log. */
  timestamp?: number;
}

export interface WandbMetadata {
  gitCommit?: string;
  gitRemote?: string;
  program?: string;
  args?: string[];
  host?: string;
  python?: string;
  /** ISO 8601 as written. */
  startedAt?: string;
}

export interface WandbRun {
  id: string;
  /** `wandb/run-20240501_120000-abc123`, repository-relative. */
  folder: string;
  offline: boolean;
  /** From the folder name: `2024-05-01T12:00:00` (local time of the machine that ran it). */
  startedAt?: string;
  config: Nested;
  summary: WandbSummary;
  metadata: WandbMetadata;
  diagnostics: Diagnostic[];
}

const RUN_FOLDER = /^(offline-)?run-(\d{8})_(\d{6})-([A-Za-z0-9]+)$/;

/** Keys of config.yaml that are W&B's bookkeeping, not the run's settings. */
const CONFIG_BOOKKEEPING = new Set(['wandb_version', '_wandb']);

/** Summary keys that describe the run rather than measure the model. */
const SUMMARY_BOOKKEEPING = new Set(['_step', '_runtime', '_timestamp', '_wandb']);

/** Reads every run folder directly under `root` (normally `wandb`), newest first. */
export async function readWandbRuns(source: FileSource, root = 'wandb', files?: readonly string[]): Promise<WandbRun[]> {
  const prefix = root ? `${root}/` : '';
  const folders = new Set<string>();
  for (const file of files ?? (await source.listFiles())) {
    if (!file.startsWith(prefix)) continue;
    const parts = file.slice(prefix.length).split('/');
    if (parts.length >= 3 && parts[1] === 'files' && RUN_FOLDER.test(parts[0]!)) folders.add(parts[0]!);
  }
  const runs = await mapLimited([...folders], 16, (name) => readWandbRun(source, `${prefix}${name}`));
  return runs.sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || a.id.localeCompare(b.id));
}

/** Reads one run folder; each of its three files may be missing or broken on its own. */
export async function readWandbRun(source: FileSource, folder: string): Promise<WandbRun> {
  const name = folder.slice(folder.lastIndexOf('/') + 1);
  const m = RUN_FOLDER.exec(name);
  const run: WandbRun = { id: m?.[4] ?? name, folder, offline: !!m?.[1], config: {}, summary: { metrics: {} }, metadata: {}, diagnostics: [] };
  if (m) {
    const [d, t] = [m[2]!, m[3]!];
    run.startedAt = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}`;
  }
  const files = `${folder}/files`;
  const [config, summary, metadata] = await Promise.all(
    ['config.yaml', 'wandb-summary.json', 'wandb-metadata.json'].map((f) => readSourceText(source, `${files}/${f}`, run.diagnostics)),
  );
  if (config !== undefined) {
    const r = readWandbConfig(`${files}/config.yaml`, config);
    run.config = r.config;
    run.diagnostics.push(...r.diagnostics);
  }
  if (summary !== undefined) {
    const r = readWandbSummary(`${files}/wandb-summary.json`, summary);
    run.summary = r.summary;
    run.diagnostics.push(...r.diagnostics);
  }
  if (metadata !== undefined) {
    const r = readWandbMetadata(`${files}/wandb-metadata.json`, metadata);
    run.metadata = r.metadata;
    if (r.metadata.startedAt) run.startedAt = r.metadata.startedAt;
    run.diagnostics.push(...r.diagnostics);
  }
  if (config === undefined && summary === undefined && metadata === undefined) {
    run.diagnostics.push({ severity: 'warning', file: files, message: `${files} holds no config.yaml, wandb-summary.json or wandb-metadata.json` });
  }
  return run;
}

/** config.yaml: each key is `{desc, value}`; the values are the run's settings. */
export function readWandbConfig(path: string, text: string): { config: Nested; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(path, text);
  const out = { config: {} as Nested, diagnostics: [...parsed.diagnostics] };
  if (!isMap(parsed.value)) {
    if (parsed.diagnostics.length === 0 && parsed.value !== null && parsed.value !== undefined) {
      out.diagnostics.push({ severity: 'warning', file: path, message: `${path} is not a map of settings` });
    }
    return out;
  }
  for (const [key, entry] of Object.entries(parsed.value)) {
    if (CONFIG_BOOKKEEPING.has(key)) continue;
    // Older clients and hand edits leave bare values; they are kept as they are.
    setOwn(out.config, key, isMap(entry) && Object.hasOwn(entry, 'value') ? entry.value : entry);
  }
  return out;
}

/**
 * wandb-summary.json: the last logged value of each key. Python's json writes NaN and Infinity
 * bare, which JSON.parse refuses, so they are read as such rather than losing the whole file.
 */
export function readWandbSummary(path: string, text: string): { summary: WandbSummary; diagnostics: Diagnostic[] } {
  const parsed = parseJson(path, quoteNonFinite(text));
  const out = { summary: { metrics: {} } as WandbSummary, diagnostics: [...parsed.diagnostics] };
  if (!isMap(parsed.value)) {
    if (parsed.diagnostics.length === 0) out.diagnostics.push({ severity: 'warning', file: path, message: `${path} is not a map of values` });
    return out;
  }
  const s = out.summary;
  const step = finite(parsed.value._step);
  const runtime = finite(parsed.value._runtime);
  const timestamp = finite(parsed.value._timestamp);
  if (step !== undefined) s.step = step;
  if (runtime !== undefined) s.runtime = runtime;
  if (timestamp !== undefined) s.timestamp = timestamp;
  const walk = (map: Record<string, unknown>, prefix: string) => {
    for (const [key, v] of Object.entries(map)) {
      if (!prefix && SUMMARY_BOOKKEEPING.has(key)) continue;
      const n = numeric(v);
      if (n !== undefined) setOwn(s.metrics, prefix + key, n);
      // Media and histograms are maps with a `_type`; only plain nested maps hold metrics.
      else if (isMap(v) && !Object.hasOwn(v, '_type')) walk(v, `${prefix}${key}/`);
    }
  };
  walk(parsed.value, '');
  return out;
}

/** wandb-metadata.json: where and from which commit the run started. */
export function readWandbMetadata(path: string, text: string): { metadata: WandbMetadata; diagnostics: Diagnostic[] } {
  const parsed = parseJson(path, text);
  const out = { metadata: {} as WandbMetadata, diagnostics: [...parsed.diagnostics] };
  const v = parsed.value;
  if (!isMap(v)) {
    if (parsed.diagnostics.length === 0) out.diagnostics.push({ severity: 'warning', file: path, message: `${path} is not a map of values` });
    return out;
  }
  const m = out.metadata;
  if (isMap(v.git)) {
    if (typeof v.git.commit === 'string') m.gitCommit = v.git.commit;
    if (typeof v.git.remote === 'string') m.gitRemote = v.git.remote;
  }
  if (typeof v.program === 'string') m.program = v.program;
  if (Array.isArray(v.args)) m.args = v.args.filter((a): a is string => typeof a === 'string');
  if (typeof v.host === 'string') m.host = v.host;
  if (typeof v.python === 'string') m.python = v.python;
  if (typeof v.startedAt === 'string') m.startedAt = v.startedAt;
  if (m.gitCommit !== undefined && !/^[0-9a-f]{7,64}$/.test(m.gitCommit)) {
    out.diagnostics.push({ severity: 'warning', file: path, message: `${path}: git.commit '${m.gitCommit.slice(0, 60)}' is not a commit id; the run is not linked to a commit` });
    delete m.gitCommit;
  }
  return out;
}

const NON_FINITE = '\u0000nonfinite:';

/** Quotes bare NaN / Infinity / -Infinity values (never inside strings) so JSON.parse reads them. */
function quoteNonFinite(text: string): string {
  if (!/NaN|Infinity/.test(text)) return text;
  // Strings are matched whole first, so a NaN inside one is left alone.
  return text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) => (m.startsWith('"') ? m : JSON.stringify(NON_FINITE + m)));
}

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.startsWith(NON_FINITE)) return Number(v.slice(NON_FINITE.length));
  return undefined;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
