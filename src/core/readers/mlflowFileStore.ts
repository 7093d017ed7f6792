// MLflow's file tracking store (`mlruns/`) and file model registry (`mlruns/models/`), read from
// the files MLflow's FileStore and FileStore registry write (mlflow/store/tracking/file_store.py).
import type { FileSource } from '../fileSource';
import { isMap, parseYaml } from '../structuredText';
import type { Diagnostic } from '../types';
import { mapLimited, readSourceText, setOwn } from './sourceText';

export interface MlflowExperiment {
  id: string;
  name?: string;
  artifactLocation?: string;
  /** Unix milliseconds. */
  creationTime?: number;
  lastUpdateTime?: number;
  runs: MlflowRun[];
}

export interface MetricPoint {
  /** Unix milliseconds. */
  timestamp: number;
  value: number;
  step: number;
}

export interface MlflowMetric {
  /** The value MLflow shows: the point with the highest step, then the latest timestamp. */
  last: MetricPoint;
  /** Every point in file order. */
  history: MetricPoint[];
}

export interface MlflowRun {
  id: string;
  experimentId: string;
  name?: string;
  /** `FINISHED`, `RUNNING`, … (the file store writes the enum's number; it is named here). */
  status?: string;
  startTime?: number;
  endTime?: number;
  artifactUri?: string;
  userId?: string;
  params: Record<string, string>;
  metrics: Record<string, MlflowMetric>;
  tags: Record<string, string>;
  /** `mlflow.source.git.commit`: links the run to the Git commit it ran at. */
  gitCommit?: string;
  /** The run folder, repository-relative. */
  folder: string;
}

export interface MlflowModelVersion {
  version: number;
  status?: string;
  /** Deprecated since MLflow 2.9 in favour of aliases, still written. */
  stage?: string;
  source?: string;
  runId?: string;
  description?: string;
  creationTime?: number;
  lastUpdateTime?: number;
  tags: Record<string, string>;
  aliases: string[];
}

export interface MlflowRegisteredModel {
  name: string;
  description?: string;
  creationTime?: number;
  lastUpdateTime?: number;
  versions: MlflowModelVersion[];
  /** Alias → version number. */
  aliases: Record<string, number>;
  tags: Record<string, string>;
}

export interface MlflowFileStore {
  root: string;
  experiments: MlflowExperiment[];
  models: MlflowRegisteredModel[];
  diagnostics: Diagnostic[];
}

/** RunStatus in mlflow/protos/service.proto. */
const RUN_STATUS: Record<string, string> = { '1': 'RUNNING', '2': 'SCHEDULED', '3': 'FINISHED', '4': 'FAILED', '5': 'KILLED' };

const CONCURRENCY = 32;

/**
 * Reads the store under `root` (normally `mlruns`) from the files `files` lists (defaults to
 * `source.listFiles()`). Deleted experiments and runs (in `.trash/`, or marked
 * `lifecycle_stage: deleted`) are left out; a broken file costs only what it holds.
 */
export interface ReadMlflowOptions {
  /**
   * Reads only the registry (`<root>/models/`): experiments and runs are left out, their files
   * never opened. The model listing needs only this; runs are read when a version is expanded.
   */
  registryOnly?: boolean;
}

export async function readMlflowFileStore(source: FileSource, root = 'mlruns', files?: readonly string[], options: ReadMlflowOptions = {}): Promise<MlflowFileStore> {
  const out: MlflowFileStore = { root, experiments: [], models: [], diagnostics: [] };
  const prefix = root ? `${root}/` : '';
  const experiments = new Map<string, { meta: boolean; runs: Map<string, string[]> }>();
  const models = new Map<string, string[]>();
  // indexOf and slice rather than split and join: a store of 1,000 runs lists 74,000 files.
  for (const file of files ?? (await source.listFiles())) {
    if (!file.startsWith(prefix)) continue;
    const rest = prefix ? file.slice(prefix.length) : file;
    const first = rest.indexOf('/');
    if (first < 0) continue;
    const top = rest.slice(0, first);
    if (top === '.trash') continue;
    if (options.registryOnly && top !== 'models') continue;
    const second = rest.indexOf('/', first + 1);
    if (top === 'models') {
      if (second < 0) continue;
      const name = rest.slice(first + 1, second);
      const list = models.get(name);
      if (list) list.push(rest.slice(second + 1));
      else models.set(name, [rest.slice(second + 1)]);
      continue;
    }
    let exp = experiments.get(top);
    if (!exp) experiments.set(top, (exp = { meta: false, runs: new Map() }));
    if (second < 0) {
      if (rest.slice(first + 1) === 'meta.yaml') exp.meta = true;
      continue;
    }
    const run = rest.slice(first + 1, second);
    const list = exp.runs.get(run);
    if (list) list.push(rest.slice(second + 1));
    else exp.runs.set(run, [rest.slice(second + 1)]);
  }

  for (const [id, exp] of experiments) {
    const folder = `${prefix}${id}`;
    const experiment: MlflowExperiment = { id, runs: [] };
    if (exp.meta) {
      const meta = await readMeta(source, `${folder}/meta.yaml`, out.diagnostics);
      if (meta && meta.lifecycle_stage === 'deleted') continue;
      if (meta) {
        experiment.name = str(meta.name);
        experiment.artifactLocation = str(meta.artifact_location);
        experiment.creationTime = num(meta.creation_time);
        experiment.lastUpdateTime = num(meta.last_update_time);
        if (meta.experiment_id !== undefined && String(meta.experiment_id) !== id) {
          out.diagnostics.push({ severity: 'warning', file: `${folder}/meta.yaml`, message: `${folder}/meta.yaml: experiment_id ${JSON.stringify(meta.experiment_id)} is not its folder's name '${id}'` });
        }
      }
    } else {
      out.diagnostics.push({ severity: 'warning', file: `${folder}/meta.yaml`, message: `${folder} has no meta.yaml; its runs are listed under experiment '${id}' without a name` });
    }
    const runs = await mapLimited([...exp.runs], CONCURRENCY, ([runId, runFiles]) => readRun(source, `${folder}/${runId}`, id, runId, runFiles, out.diagnostics));
    for (const run of runs) if (run) experiment.runs.push(run);
    experiment.runs.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0) || a.id.localeCompare(b.id));
    out.experiments.push(experiment);
  }
  out.experiments.sort((a, b) => compareExperimentIds(a.id, b.id));

  for (const [name, modelFiles] of models) {
    const model = await readRegisteredModel(source, `${prefix}models/${name}`, name, modelFiles, out.diagnostics);
    if (model) out.models.push(model);
  }
  out.models.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

async function readRun(source: FileSource, folder: string, experimentId: string, id: string, files: string[], diagnostics: Diagnostic[]): Promise<MlflowRun | undefined> {
  const run: MlflowRun = { id, experimentId, params: {}, metrics: {}, tags: {}, folder };
  if (files.includes('meta.yaml')) {
    const meta = await readMeta(source, `${folder}/meta.yaml`, diagnostics);
    if (meta?.lifecycle_stage === 'deleted') return undefined;
    if (meta) {
      run.name = str(meta.run_name) || undefined; // MLflow writes '' for a run without a name
      const status = str(meta.status);
      run.status = status === undefined ? undefined : (RUN_STATUS[status] ?? status);
      run.startTime = num(meta.start_time);
      run.endTime = num(meta.end_time);
      run.artifactUri = str(meta.artifact_uri);
      run.userId = str(meta.user_id);
    }
  } else if (files.some((f) => keyedKind(f) !== undefined)) {
    diagnostics.push({ severity: 'warning', file: `${folder}/meta.yaml`, message: `${folder} has no meta.yaml; the run is listed without its name, status or times` });
  } else {
    return undefined; // a folder of artifacts only, not a run
  }
  const keyed: Array<{ kind: 'params' | 'metrics' | 'tags'; key: string; path: string }> = [];
  for (const f of files) {
    const kind = keyedKind(f);
    if (kind) keyed.push({ kind, key: f.slice(kind.length + 1), path: `${folder}/${f}` });
  }
  await mapLimited(keyed, CONCURRENCY, async ({ kind, key, path }) => {
    const text = await readSourceText(source, path, diagnostics);
    if (text === undefined) return;
    if (kind === 'metrics') {
      const metric = parseMetricLines(path, text, diagnostics);
      if (metric) putOwn(run.metrics, key, metric);
    } else putOwn(run[kind], key, text);
  });
  run.name ??= (Object.hasOwn(run.tags, 'mlflow.runName') && run.tags['mlflow.runName']) || undefined;
  if (Object.hasOwn(run.tags, 'mlflow.source.git.commit')) run.gitCommit = run.tags['mlflow.source.git.commit']!.trim();
  return run;
}

/** `params`, `metrics` or `tags` for `<kind>/<key>` with a key of one line or more folders. */
function keyedKind(f: string): 'params' | 'metrics' | 'tags' | undefined {
  const slash = f.indexOf('/');
  if (slash < 0 || slash === f.length - 1 || f.includes('\n')) return undefined;
  const kind = f.slice(0, slash);
  return kind === 'params' || kind === 'metrics' || kind === 'tags' ? kind : undefined;
}

/** setOwn only where it is needed: every other key can be assigned (only `__proto__` is a setter). */
export function putOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') setOwn(target, key, value);
  else target[key] = value;
}

/**
 * The lines `<timestamp_ms> <value> <step>` of a metric file (older MLflow wrote no step).
 * A bad line is reported with its number and skipped; the others still count.
 */
export function parseMetricLines(path: string, text: string, diagnostics: Diagnostic[]): MlflowMetric | undefined {
  const history: MetricPoint[] = [];
  let bad = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const fast = plainPoint(raw);
    if (fast) {
      history.push(fast);
      continue;
    }
    const line = raw.trim();
    if (!line) continue;
    const fields = line.split(/\s+/);
    const timestamp = fields.length === 2 || fields.length === 3 ? Number(fields[0]) : NaN;
    const value = fields.length >= 2 ? metricValue(fields[1]!) : NaN;
    const step = fields.length === 3 ? Number(fields[2]) : 0;
    if (!Number.isInteger(timestamp) || !Number.isInteger(step) || (Number.isNaN(value) && !/^nan$/i.test(fields[1]!))) {
      // Only the first few: a file of junk must not flood the Problems view.
      if (++bad <= 3) diagnostics.push({ severity: 'warning', file: path, line: i + 1, message: `${path}:${i + 1}: '${clip(line)}' is not '<timestamp_ms> <value> <step>'; the line is skipped` });
      continue;
    }
    history.push({ timestamp, value, step });
  }
  if (bad > 3) diagnostics.push({ severity: 'warning', file: path, message: `${path}: ${bad - 3} more bad lines are skipped` });
  if (history.length === 0) {
    if (bad === 0) diagnostics.push({ severity: 'warning', file: path, message: `${path} holds no values` });
    return undefined;
  }
  return { last: latestPoint(history), history };
}

/** The point MLflow shows as a metric's value: the highest step, then the latest timestamp. */
export function latestPoint(history: readonly MetricPoint[]): MetricPoint {
  let last = history[0]!;
  for (const p of history) if (p.step > last.step || (p.step === last.step && p.timestamp >= last.timestamp)) last = p;
  return last;
}

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The point of a line exactly as MLflow writes it (`1700000000000 0.84 2`), without the general
 * path's trim and regex split; anything else (tabs, CR, two fields) goes the general way.
 */
function plainPoint(line: string): MetricPoint | undefined {
  const a = line.indexOf(' ');
  if (a <= 0) return undefined;
  const b = line.indexOf(' ', a + 1);
  if (b <= a + 1 || b === line.length - 1 || line.indexOf(' ', b + 1) !== -1) return undefined;
  const ts = line.slice(0, a);
  const st = line.slice(b + 1);
  if (!INTEGER_TEXT.test(ts) || !INTEGER_TEXT.test(st)) return undefined;
  const v = line.slice(a + 1, b);
  const value = NUMBER_TEXT.test(v) ? Number(v) : v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : undefined;
  return value === undefined ? undefined : { timestamp: Number(ts), value, step: Number(st) };
}

/** Python's str(float): `nan`, `inf`, `-inf` besides ordinary numbers. */
function metricValue(s: string): number {
  if (/^[+-]?inf(inity)?$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  return NUMBER_TEXT.test(s) ? Number(s) : NaN;
}

async function readRegisteredModel(source: FileSource, folder: string, name: string, files: string[], diagnostics: Diagnostic[]): Promise<MlflowRegisteredModel | undefined> {
  const model: MlflowRegisteredModel = { name, versions: [], aliases: {}, tags: {} };
  if (files.includes('meta.yaml')) {
    const meta = await readMeta(source, `${folder}/meta.yaml`, diagnostics);
    if (meta) {
      if (typeof meta.name === 'string') model.name = meta.name;
      model.description = str(meta.description);
      model.creationTime = num(meta.creation_timestamp);
      model.lastUpdateTime = num(meta.last_updated_timestamp);
    }
  } else {
    diagnostics.push({ severity: 'warning', file: `${folder}/meta.yaml`, message: `${folder} has no meta.yaml; the model is listed under its folder's name` });
  }
  const versionFiles = new Map<string, string[]>();
  for (const f of files) {
    const m = /^version-([^/]+)\/(.+)$/.exec(f);
    if (m) {
      if (!versionFiles.has(m[1]!)) versionFiles.set(m[1]!, []);
      versionFiles.get(m[1]!)!.push(m[2]!);
      continue;
    }
    const tag = /^(tags|aliases)\/(.+)$/.exec(f);
    if (!tag) continue;
    const path = `${folder}/${f}`;
    const text = await readSourceText(source, path, diagnostics);
    if (text === undefined) continue;
    if (tag[1] === 'tags') setOwn(model.tags, tag[2]!, text);
    else {
      const version = Number(text.trim());
      if (Number.isInteger(version) && version > 0) setOwn(model.aliases, tag[2]!, version);
      else diagnostics.push({ severity: 'warning', file: path, message: `${path}: alias '${tag[2]}' names '${clip(text.trim())}', not a version number` });
    }
  }
  for (const [label, vfiles] of versionFiles) {
    const vfolder = `${folder}/version-${label}`;
    if (!/^[1-9]\d*$/.test(label)) {
      diagnostics.push({ severity: 'warning', file: vfolder, message: `${vfolder}: '${clip(label)}' is not a version number; it is skipped` });
      continue;
    }
    if (!vfiles.includes('meta.yaml')) {
      diagnostics.push({ severity: 'warning', file: `${vfolder}/meta.yaml`, message: `${vfolder} has no meta.yaml; version ${label} is skipped` });
      continue;
    }
    const meta = await readMeta(source, `${vfolder}/meta.yaml`, diagnostics);
    // delete_model_version keeps the folder and marks it; MLflow hides it from then on.
    if (!meta || meta.current_stage === 'Deleted_Internal') continue;
    const version: MlflowModelVersion = {
      version: Number(label),
      status: str(meta.status),
      stage: str(meta.current_stage),
      source: str(meta.source),
      runId: str(meta.run_id),
      description: str(meta.description),
      creationTime: num(meta.creation_timestamp),
      lastUpdateTime: num(meta.last_updated_timestamp),
      tags: {},
      aliases: [],
    };
    for (const f of vfiles) {
      const tag = /^tags\/(.+)$/.exec(f);
      if (!tag) continue;
      const text = await readSourceText(source, `${vfolder}/${f}`, diagnostics);
      if (text !== undefined) setOwn(version.tags, tag[1]!, text);
    }
    model.versions.push(version);
  }
  model.versions.sort((a, b) => a.version - b.version);
  for (const [alias, v] of Object.entries(model.aliases)) {
    const target = model.versions.find((x) => x.version === v);
    if (target) target.aliases.push(alias);
    else diagnostics.push({ severity: 'warning', file: `${folder}/aliases/${alias}`, message: `${folder}: alias '${alias}' names version ${v}, which is not in the registry` });
  }
  return model;
}

/** A meta.yaml as a map, or undefined with a diagnostic. */
async function readMeta(source: FileSource, path: string, diagnostics: Diagnostic[]): Promise<Record<string, unknown> | undefined> {
  const text = await readSourceText(source, path, diagnostics, true);
  if (text === undefined) return undefined;
  const flat = flatYamlMap(text);
  if (flat) return flat;
  const parsed = parseYaml(path, text);
  diagnostics.push(...parsed.diagnostics);
  if (isMap(parsed.value)) return parsed.value;
  if (parsed.diagnostics.length === 0) diagnostics.push({ severity: 'warning', file: path, message: `${path} is not a map of settings` });
  return undefined;
}

const FLAT_LINE = /^([a-z_]+): (.*)$/;
const QUOTED = /^'((?:[^']|'')*)'$/;
const PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9_./:@%+-]*$/;
/** Plain scalars YAML's core schema reads as something other than a string. */
const NOT_A_STRING = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/;
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * A meta.yaml as PyYAML writes it for MLflow (one `key: scalar` per line), read without the YAML
 * parser: a store of 1,000 runs has 1,000 of them. Undefined for anything else (comments,
 * nesting, lists, odd scalars, repeated keys), which then goes to parseYaml; for what it accepts,
 * it gives exactly what parseYaml would (test/unit/mlflowStores.test.ts compares them).
 */
export function flatYamlMap(text: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return undefined;
  for (const line of lines) {
    const m = FLAT_LINE.exec(line);
    if (!m) return undefined;
    const key = m[1]!;
    const raw = m[2]!;
    if (Object.hasOwn(out, key) || key === 'null' || key === 'true' || key === 'false') return undefined;
    let value: unknown;
    if (raw === 'null') value = null;
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (raw === '[]') value = [];
    else if (INTEGER.test(raw)) value = Number(raw);
    else if (raw.startsWith("'")) {
      const q = QUOTED.exec(raw);
      if (!q) return undefined;
      value = q[1]!.replace(/''/g, "'");
    } else if (PLAIN.test(raw) && !raw.endsWith(':') && !NOT_A_STRING.test(raw)) value = raw;
    else return undefined;
    out[key] = value;
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Experiment ids are numbers in the file store (`0`, `1`, `10`); order them as such. */
export function compareExperimentIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
