// Every version of a model at once (or every run of an experiment): one row per version, one
// column per param and metric, the columns that change first. Pure and free of node imports, so
// the same model feeds the webview, the CLI's `diff <model>@all` and the unit tests.
import { comparedRuns } from './diff';
import { metricDirection, type Direction } from './diffTable';
import { flatten, formatValue, sameValue } from './flatten';
import type { ModelSummary, ModelVersion, ResolvedVersion } from './modelStore';
import type { HistoryRow } from './history';
import { formatNumber } from './render/format';
import type { RunSource, RunSummary, VersionRecord } from './types';
import { versionLabel, type LabelWords } from './versionLabel';

export type ColumnSection = 'hyperparameters' | 'metrics' | 'run-params' | 'run-metrics';

export interface AllVersionsItem {
  /** Stable across reloads: the operand for a version (`churn@v1.2.0`), `run:<source>:<id>` for a run. */
  id: string;
  kind: 'version' | 'run';
  /** `v1.2.0`, `version 3`, or a run's name. */
  label: string;
  /** Stages a version holds now (MLflow's aliases and stage too); none for a run. */
  stages: string[];
  /** ISO 8601: the registration date, else the commit's; a run's start. */
  date?: string;
  commit: string | null;
  /** What `modelVersions.compareVersions` and the store resolve back to this version. */
  operand?: string;
  /** A run: where it was logged, its id and status. */
  run?: { source: RunSource; id: string; experiment?: string; status?: string; location: string };
}

export interface AllVersionsColumn {
  /** `hyperparameters:train.lr`, `metrics:auc`, `run-params:mlflow:alpha`. */
  id: string;
  section: ColumnSection;
  /** The key as the diff names it: `train.lr`, `auc`, `mlflow:alpha`. */
  key: string;
  kind: 'param' | 'metric';
  /** Every present value is a finite number (MLflow's params are text that reads as numbers). */
  numeric: boolean;
  /** Not the same value (or presence) at every version. */
  changed: boolean;
  direction?: Direction;
  /** Numeric columns: the smallest and largest value. */
  domain?: [number, number];
  /** Text columns: the distinct values in first-seen order, at most MAX_CATEGORIES. */
  categories?: string[];
}

export interface AllVersionsData {
  title: string;
  /** The model, or the experiment the runs were logged to. */
  subject: string;
  kind: 'versions' | 'runs';
  items: AllVersionsItem[];
  columns: AllVersionsColumn[];
  /** values[item][column]: a number in a numeric column, text otherwise, null where absent. */
  values: Array<Array<number | string | null>>;
  /** Problems met while reading the versions, each naming its version. */
  warnings: string[];
  /** A model's registry events oldest first (`gto history --ascending`); none for runs. */
  history?: HistoryRow[];
}

/** Text columns with more distinct values than this are left off the parallel chart's axes. */
export const MAX_CATEGORIES = 24;

/** One row before the columns are known: the item and its params and metrics by column id. */
interface Entry {
  item: AllVersionsItem;
  cells: Map<string, unknown>;
}

const SECTION_ORDER: readonly ColumnSection[] = ['hyperparameters', 'run-params', 'metrics', 'run-metrics'];

/** The versions the view shows: registered and active, oldest first; Git's before MLflow's (their orders do not interleave). */
export function versionsToShow(model: Pick<ModelSummary, 'versions'>): ModelVersion[] {
  const active = model.versions.filter((v) => v.registered && v.active);
  return [...active.filter((v) => !v.mlflow).reverse(), ...active.filter((v) => v.mlflow).reverse()];
}

/** The operand the store resolves to this version: MLflow's by its number, Git's by its version. */
export function operandOfVersion(model: string, v: ModelVersion): string {
  return `${model}@${v.version}`;
}

/** The version as a store operand, for `store.record()` without resolving text again. */
export function resolvedVersion(model: string, v: ModelVersion): ResolvedVersion {
  return { model, version: v.version, label: `${model}@${v.version}`, commit: v.commit || null, registryVersion: v };
}

/** Builds the view of a model's versions from their records (one record per version, same order). */
export function buildAllVersions(model: string, versions: readonly ModelVersion[], records: readonly VersionRecord[], words?: LabelWords): AllVersionsData {
  const warnings: string[] = [];
  const entries: Entry[] = versions.map((v, i) => {
    const r = records[i]!;
    const label = versionLabel(v, words);
    for (const d of r.diagnostics) if (d.severity !== 'info') warnings.push(`${label}: ${d.message}`);
    const cells = new Map<string, unknown>();
    for (const [k, value] of flatten(r.hyperparameters)) cells.set(columnId('hyperparameters', k), value);
    for (const [k, value] of Object.entries(r.metrics)) cells.set(columnId('metrics', k), value);
    // The runs a diff compares (one per source), keyed as its rows are: `mlflow:alpha`.
    for (const run of comparedRuns(r)) addRun(cells, run, `${run.source}:`);
    const date = v.date ? new Date(v.date * 1000).toISOString() : r.code.date;
    return {
      item: {
        id: operandOfVersion(model, v),
        kind: 'version',
        label,
        stages: [...(v.mlflow ? ['MLflow'] : []), ...v.stages],
        ...(date ? { date } : {}),
        commit: v.commit || null,
        operand: operandOfVersion(model, v),
      },
      cells,
    };
  });
  return assemble(`${model}: all versions`, model, 'versions', entries, warnings);
}

/** Builds the view of runs (one experiment's, say): each run is a row, its params and metrics the columns. */
export function buildRunsView(subject: string, runs: readonly RunSummary[]): AllVersionsData {
  const entries: Entry[] = runs.map((run) => {
    const cells = new Map<string, unknown>();
    addRun(cells, run, '');
    return {
      item: {
        id: `run:${run.source}:${run.id}`,
        kind: 'run',
        label: runName(run),
        stages: [],
        ...(run.startedAt ? { date: run.startedAt } : {}),
        commit: run.gitCommit ?? null,
        run: { source: run.source, id: run.id, ...(run.experiment ? { experiment: run.experiment } : {}), ...(run.status ? { status: run.status } : {}), location: run.location },
      },
      cells,
    };
  });
  return assemble(`${subject}: ${runs.length === 1 ? '1 run' : `${runs.length} runs`}`, subject, 'runs', entries, []);
}

/** A run's name, or enough of its id to tell it apart. */
export function runName(run: Pick<RunSummary, 'name' | 'id'>): string {
  return run.name || (run.id.length > 12 ? run.id.slice(0, 8) : run.id);
}

function addRun(cells: Map<string, unknown>, run: RunSummary, prefix: string): void {
  for (const [k, value] of flatten(run.params)) cells.set(columnId('run-params', prefix + k), value);
  for (const [k, value] of Object.entries(run.metrics)) cells.set(columnId('run-metrics', prefix + k), value);
}

function columnId(section: ColumnSection, key: string): string {
  return `${section}:${key}`;
}

function assemble(title: string, subject: string, kind: AllVersionsData['kind'], entries: readonly Entry[], warnings: string[]): AllVersionsData {
  // Columns in first-seen order within each section; params (what went in) before metrics.
  const seen = new Map<string, { section: ColumnSection; key: string }>();
  for (const e of entries) for (const id of e.cells.keys()) if (!seen.has(id)) seen.set(id, splitId(id));
  const bySection = SECTION_ORDER.flatMap((s) => [...seen].filter(([, c]) => c.section === s));
  const columns: AllVersionsColumn[] = [];
  const raw: unknown[][] = [];
  for (const [id, { section, key }] of bySection) {
    const cells = entries.map((e) => (e.cells.has(id) ? e.cells.get(id) : undefined));
    columns.push(describeColumn(id, section, key, cells));
    raw.push(cells);
  }
  // Changed columns first, each group keeping params before metrics.
  const order = columns.map((_, i) => i).sort((a, b) => Number(columns[b]!.changed) - Number(columns[a]!.changed) || a - b);
  const sorted = order.map((i) => columns[i]!);
  const values = entries.map((_, row) => order.map((c, j) => cellValue(raw[c]![row], sorted[j]!.numeric)));
  return { title, subject, kind, items: entries.map((e) => e.item), columns: sorted, values, warnings };
}

function splitId(id: string): { section: ColumnSection; key: string } {
  const at = id.indexOf(':');
  return { section: id.slice(0, at) as ColumnSection, key: id.slice(at + 1) };
}

function describeColumn(id: string, section: ColumnSection, key: string, cells: readonly unknown[]): AllVersionsColumn {
  const present = cells.filter((v) => v !== undefined);
  const numbers = present.map(asNumber);
  const numeric = present.length > 0 && numbers.every((n) => n !== undefined);
  const changed = present.length !== cells.length || present.some((v) => !sameValue(v, present[0]));
  const metric = section === 'metrics' || section === 'run-metrics';
  const column: AllVersionsColumn = { id, section, key, kind: metric ? 'metric' : 'param', numeric, changed };
  if (metric) {
    const direction = metricDirection(section === 'run-metrics' && key.includes(':') ? key.slice(key.indexOf(':') + 1) : key);
    if (direction) column.direction = direction;
  }
  if (numeric) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const n of numbers as number[]) {
      if (n < lo) lo = n;
      if (n > hi) hi = n;
    }
    column.domain = [lo, hi];
  } else {
    const distinct: string[] = [];
    const known = new Set<string>();
    for (const v of present) {
      const text = formatValue(v);
      if (known.has(text)) continue;
      known.add(text);
      distinct.push(text);
      if (distinct.length > MAX_CATEGORIES) break;
    }
    if (distinct.length <= MAX_CATEGORIES) column.categories = distinct;
  }
  return column;
}

/** A finite number, or a text that reads as one (`"0.5"`, `"1e-3"`); booleans and blanks are not numbers. */
function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function cellValue(v: unknown, numeric: boolean): number | string | null {
  if (v === undefined) return null;
  return numeric ? asNumber(v)! : formatValue(v);
}

/** What a cell shows: numbers as the diff formats them, text as it is, '' where absent. */
export function cellText(v: number | string | null): string {
  return v === null ? '' : typeof v === 'number' ? formatNumber(v) : v;
}

/** The items in the order of one column (absent values last), stable for equal values; desc flips the present ones. */
export function sortedItems(data: AllVersionsData, column: number, descending: boolean): number[] {
  const rows = data.items.map((_, i) => i);
  if (column < 0 || column >= data.columns.length) return rows;
  const numeric = data.columns[column]!.numeric;
  const value = (i: number) => data.values[i]![column] ?? null;
  return rows.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
    const c = numeric ? (va as number) - (vb as number) : String(va).localeCompare(String(vb));
    return (descending ? -c : c) || a - b;
  });
}

/** The item that is best in a metric column (by its direction), or undefined when none is known. */
export function bestItem(data: AllVersionsData, column: number): number | undefined {
  const col = data.columns[column];
  if (!col?.numeric || !col.direction) return undefined;
  let best: number | undefined;
  data.values.forEach((row, i) => {
    const v = row[column];
    if (typeof v !== 'number') return;
    const b = best === undefined ? undefined : (data.values[best]![column] as number);
    if (b === undefined || (col.direction === 'higher' ? v > b : v < b)) best = i;
  });
  return best;
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Records read at once (each is a few cat-file requests). */
  concurrency?: number;
  words?: LabelWords;
}

/** The reads the view needs of a model store (ModelStore has them). */
export interface VersionsSource {
  model(name: string, signal?: AbortSignal): Promise<ModelSummary>;
  record(v: ResolvedVersion): Promise<VersionRecord>;
}

/** Reads every shown version's record through the store and builds the view. */
export async function loadAllVersions(store: VersionsSource, modelName: string, options: LoadOptions = {}): Promise<AllVersionsData> {
  const model = await store.model(modelName, options.signal);
  const versions = versionsToShow(model);
  const records: VersionRecord[] = new Array(versions.length);
  let next = 0;
  const worker = async () => {
    while (next < versions.length) {
      options.signal?.throwIfAborted();
      const i = next++;
      records[i] = await store.record(resolvedVersion(model.name, versions[i]!));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, versions.length) }, worker));
  return buildAllVersions(model.name, versions, records, options.words);
}
