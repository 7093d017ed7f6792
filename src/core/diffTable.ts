// The diff panel's table model: columns, rows with display text and deltas, filtering. Pure and
// free of node imports, so the same code runs in the webview, in the CLI's --html page and in
// unit tests.
import { shortVersion, versionLabel } from './versionLabel';
import { comparedRuns, isHashSection, isMetricSection, SECTIONS, type ChangeStatus, type DiffRow, type Section, type VersionDiff } from './diff';
import { isWorkingTree, type VersionRecord } from './types';
import type { ResolvedVersion } from './modelStore';
import { ALGORITHM_LABEL, availabilityLabel, formatNumber, hashSourceLabel, shortHash, valueOriginLabel } from './render/format';

export interface PanelColumn {
  label: string;
  model: string;
  version: string;
  commit: string | null;
  tag?: string;
  stages: string[];
  date?: string;
  /** The commit's author, and the tag's tagger (who registered the version): often not the same person. */
  author?: string;
  tagger?: string;
  message?: string;
  tagMessage?: string;
  /** How the column is titled when the version string alone would not say it (`version 2`). */
  title?: string;
}

export type Direction = 'higher' | 'lower';

export interface PanelRow {
  /** Stable across reloads: section and key. */
  id: string;
  section: Section;
  key: string;
  file?: string;
  status: ChangeStatus;
  /** Full value per column (null: absent at that version). */
  values: Array<string | null>;
  /** What the cell shows (hashes shortened). */
  display: Array<string | null>;
  /** Metrics: whether a higher or a lower value is better (undefined: not known from its name). */
  direction?: Direction;
  /** Metrics: delta text against the first column, and whether it is an improvement. */
  deltas?: Array<{ text: string; better: boolean | null } | null>;
  /** Data, weights, plots: where each hash came from; metrics and params: the file each value came from. */
  sources?: Array<string | null>;
  /** Data and weights: the file each hash was read from (a .dvc file, dvc.lock, the pointer). */
  sourceFiles?: Array<string | null>;
  /** Data, weights, outputs: per column, whether the content can be restored (local, remote, missing). */
  availability?: Array<{ state: 'local' | 'remote' | 'missing' | 'unknown'; note: string } | null>;
  /** Per column, the scheme of a URI entry (s3, gs, https…): remote storage, never a path. */
  remotes?: Array<string | null>;
}

export interface ChangedFile {
  path: string;
  status: string;
}

export interface PanelData {
  title: string;
  columns: PanelColumn[];
  rows: PanelRow[];
  counts: Record<ChangeStatus, number>;
  /** Files changed between the first column and each other column (index 0 is empty). */
  code: ChangedFile[][];
  /** Problems met while reading each version. */
  warnings: string[];
  /** DVC plots of dvc.yaml at each compared version (core/plots.ts), ready to draw. */
  plots?: import('./chartModel').ChartModel[];
  /** Image plots (png, svg…) of dvc.yaml, each version's as a data: URI. */
  imagePlots?: import('./plots').ImagePlot[];
  /** Confusion plots of dvc.yaml: each version's counts over the same classes. */
  confusionPlots?: import('./plots').ConfusionPlot[];
  /** Training curves: per run metric logged at several steps, each column's run's points. */
  curves?: Curve[];
}

/** One run metric's history at each compared version (null where that run did not log it). */
export interface Curve {
  /** The run-metrics row key: `mlflow:val_loss`. */
  key: string;
  /** Per column, [step, value] pairs in step order, at most MAX_CURVE_POINTS of them. */
  series: Array<Array<[number, number]> | null>;
}

/** Curves drawn at most, and points per curve: a long run logs far more than a chart can show. */
export const MAX_CURVES = 24;
export const MAX_CURVE_POINTS = 200;


const LOWER_IS_BETTER = /(loss|error|err|mae|mse|rmse|mape|latency|perplexity|ppl|wer|cer|time|duration|fpr|fnr)/i;
const HIGHER_IS_BETTER = /(acc|accuracy|auc|roc|f1|precision|recall|r2|score|map|ndcg|bleu|rouge|iou|dice|tpr|throughput)/i;

/** Whether a higher value of a metric is better; user patterns win over the built-in ones. */
export function metricDirection(key: string, overrides: { lowerIsBetter?: string[]; higherIsBetter?: string[] } = {}): Direction | undefined {
  const leaf = key.split(/[.:[\]]/).filter(Boolean).pop() ?? key;
  if (overrides.lowerIsBetter?.some((p) => matchesPattern(leaf, p) || matchesPattern(key, p))) return 'lower';
  if (overrides.higherIsBetter?.some((p) => matchesPattern(leaf, p) || matchesPattern(key, p))) return 'higher';
  if (LOWER_IS_BETTER.test(leaf)) return 'lower';
  if (HIGHER_IS_BETTER.test(leaf)) return 'higher';
  return undefined;
}

/**
 * Whether a metric's change is an improvement (true), a regression (false), or neither known
 * (null: no direction for its name, or no change). Run metric keys carry their source
 * (`mlflow:val_loss`): the direction comes from the name after it.
 */
export function isBetter(section: Section, key: string, absolute: number, overrides: { lowerIsBetter?: string[]; higherIsBetter?: string[] } = {}): boolean | null {
  const dir = metricDirection(section === 'run-metrics' ? key.slice(key.indexOf(':') + 1) : key, overrides);
  return dir === undefined || absolute === 0 ? null : dir === 'higher' ? absolute > 0 : absolute < 0;
}

function matchesPattern(text: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(text);
}

function deltaText(abs: number, rel: number | null): string {
  const sign = abs > 0 ? '+' : abs < 0 ? '−' : '±';
  const relText = rel === null ? '' : ` (${sign}${Math.abs(rel * 100).toFixed(Math.abs(rel) < 0.1 ? 2 : 1)}%)`;
  return `${sign}${formatNumber(Math.abs(abs))}${relText}`;
}

export interface BuildOptions {
  lowerIsBetter?: string[];
  higherIsBetter?: string[];
  stages?: string[][];
  /** The registration date per column (ISO), shown instead of the commit date when known. */
  dates?: Array<string | undefined>;
  code?: ChangedFile[][];
  /** Per column: a title instead of the version string, and a note instead of the tag message. */
  titles?: Array<string | undefined>;
  notes?: Array<string | undefined>;
}

/** Stages and registration dates of the compared versions, for the column headers. */
export function versionColumns(resolved: ReadonlyArray<Pick<ResolvedVersion, 'registryVersion'>>): Pick<BuildOptions, 'stages' | 'dates' | 'titles' | 'notes'> {
  return {
    // An MLflow registry version says so, and its own description is its note.
    stages: resolved.map((r) => [...(r.registryVersion?.mlflow ? ['MLflow'] : []), ...(r.registryVersion?.stages ?? [])]),
    titles: resolved.map((r) => (r.registryVersion?.mlflow ? versionLabel(r.registryVersion) : undefined)),
    notes: resolved.map((r) => (r.registryVersion?.mlflow ? r.registryVersion.message : undefined)),
    dates: resolved.map((r) => (r.registryVersion?.date ? new Date(r.registryVersion.date * 1000).toISOString() : undefined)),
  };
}

/** Builds the panel's data from a diff and the records it was made from. */
export function buildPanelData(diff: VersionDiff, records: readonly VersionRecord[], options: BuildOptions = {}): PanelData {
  const columns: PanelColumn[] = diff.operands.map((o, i) => {
    const r = records[i]!;
    return {
      label: o.label,
      model: o.model,
      version: o.version,
      commit: o.commit,
      tag: r.code.tag,
      stages: options.stages?.[i] ?? [],
      date: options.dates?.[i] ?? r.code.date,
      author: r.code.author,
      tagger: r.code.tagger,
      message: r.code.message?.split('\n')[0],
      tagMessage: (options.notes?.[i] ?? r.code.tagMessage)?.split('\n')[0],
      ...(options.titles?.[i] ? { title: options.titles[i] } : {}),
    };
  });
  const rows = diff.rows.map((r) => panelRow(r, options));
  const warnings: string[] = [];
  records.forEach((r, i) => {
    for (const d of r.diagnostics) if (d.severity !== 'info') warnings.push(`${columns[i]!.label}: ${d.message}`);
  });
  const models = [...new Set(columns.map((c) => c.model))];
  const title = `${models.join(', ')} ${columns.map((c) => (isWorkingTree(c) ? 'working tree' : c.title ?? shortVersion(c.version))).join(' ↔ ')}`;
  const curves = trainingCurves(records);
  return { title, columns, rows, counts: diff.counts, code: options.code ?? columns.map(() => []), warnings, ...(curves.length ? { curves } : {}) };
}

/** Each compared run metric that was logged at more than one step, with every column's points. */
function trainingCurves(records: readonly VersionRecord[]): Curve[] {
  const runs = records.map((r) => comparedRuns(r));
  const keys: string[] = [];
  for (const list of runs) for (const run of list) for (const k of Object.keys(run.history ?? {})) if (!keys.includes(`${run.source}:${k}`)) keys.push(`${run.source}:${k}`);
  return keys.slice(0, MAX_CURVES).map((key) => {
    const colon = key.indexOf(':');
    const source = key.slice(0, colon);
    const metric = key.slice(colon + 1);
    return {
      key,
      series: runs.map((list) => {
        const history = list.find((r) => r.source === source)?.history;
        const points = history && Object.hasOwn(history, metric) ? history[metric]! : undefined;
        return points ? thin(points).map((p): [number, number] => [p.step, p.value]) : null;
      }),
    };
  });
}

/** Evenly spaced points of a long history, the first and last always kept. */
function thin<T>(points: readonly T[]): T[] {
  if (points.length <= MAX_CURVE_POINTS) return [...points];
  const out: T[] = [];
  for (let i = 0; i < MAX_CURVE_POINTS; i++) out.push(points[Math.round((i * (points.length - 1)) / (MAX_CURVE_POINTS - 1))]!);
  return out;
}


function panelRow(r: DiffRow, options: BuildOptions): PanelRow {
  const values = r.values.map((v) => (v === null ? null : String(v)));
  const hashes = isHashSection(r.section);
  const row: PanelRow = {
    id: `${r.section}:${r.key}`,
    section: r.section,
    key: r.key,
    file: r.file,
    status: r.status,
    values,
    display: values.map((v) => (v === null ? null : hashes ? shortHash(v) : typeof r.values[0] === 'number' || isMetricSection(r.section) ? formatMaybeNumber(v) : v)),
  };
  if (isMetricSection(r.section)) {
    const direction = metricDirection(r.section === 'run-metrics' ? r.key.slice(r.key.indexOf(':') + 1) : r.key, options);
    if (direction) row.direction = direction;
  }
  if (isMetricSection(r.section) && r.deltas) {
    row.deltas = r.deltas.map((d, i) => (i === 0 || d.absolute === null ? null : { text: deltaText(d.absolute, d.relative), better: isBetter(r.section, r.key, d.absolute, options) }));
  }
  if (hashes && r.entries) {
    row.sources = r.entries.map((e) => (e ? `${ALGORITHM_LABEL[e.algorithm]} from ${hashSourceLabel(e)}${availabilityLabel(e) ? `\n${availabilityLabel(e)}` : ''}` : null));
    row.sourceFiles = r.entries.map((e) => e?.sourceFile ?? null);
    // Content Git holds needs no marker: only DVC cache, DVC remote and LFS objects are in doubt.
    if (r.entries.some((e) => e?.availability && e.availability.where !== 'git')) {
      row.availability = r.entries.map((e) => (e?.availability && e.availability.where !== 'git' ? { state: e.availability.state, note: availabilityLabel(e) || e.availability.note } : null));
    }
    // A URI is remote storage: nothing in the working tree or in Git to open.
    if (r.entries.some((e) => e?.remote)) row.remotes = r.entries.map((e) => e?.remote ?? null);
  }
  if (r.origins) row.sources = r.origins.map((o) => (o ? valueOriginLabel(o) : null));
  return row;
}

function formatMaybeNumber(v: string): string {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) && /^[-+0-9.eE]+$/.test(v) ? formatNumber(n) : v;
}

export interface ViewOptions {
  onlyChanged: boolean;
  filter: string;
}

/** Rows to show, in section order, changed rows first within each section. */
export function visibleRows(rows: readonly PanelRow[], view: ViewOptions): PanelRow[] {
  const f = view.filter.trim().toLowerCase();
  const out: PanelRow[] = [];
  for (const section of SECTIONS) {
    for (const pass of [true, false]) {
      for (const r of rows) {
        if (r.section !== section || (r.status !== 'unchanged') !== pass) continue;
        if (view.onlyChanged && r.status === 'unchanged') continue;
        if (f && !r.key.toLowerCase().includes(f) && !r.values.some((v) => v?.toLowerCase().includes(f))) continue;
        out.push(r);
      }
    }
  }
  return out;
}

/** How many rows the "Only changed" toggle hides under the current filter. */
export function hiddenUnchanged(rows: readonly PanelRow[], filter: string): number {
  return visibleRows(rows, { onlyChanged: false, filter }).length - visibleRows(rows, { onlyChanged: true, filter }).length;
}
