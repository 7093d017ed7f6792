// Compares two or more version records key by key: the model behind the CLI's diff, the
// markdown and HTML pages, and the diff panel.
import { flatten, formatValue, sameValue } from './flatten';
import { isWorkingTree, type HashEntry, type RunSource, type RunSummary, type VersionRecord } from './types';

export type Section = 'hyperparameters' | 'config' | 'data' | 'code' | 'weights' | 'outputs' | 'metrics' | 'run-params' | 'run-metrics';
/** What went in (params, configs, data, code), then what came out (weights, outputs, metrics), then runs. */
export const SECTIONS: readonly Section[] = ['hyperparameters', 'config', 'data', 'code', 'weights', 'outputs', 'metrics', 'run-params', 'run-metrics'];

/** Sections whose rows are files compared by hash (data, pipeline code, weights, outputs). */
export function isHashSection(section: Section): section is HashSection {
  return section === 'data' || section === 'code' || section === 'weights' || section === 'outputs';
}

export type HashSection = 'data' | 'code' | 'weights' | 'outputs';

/** The entries of a record in a hash section; pipeline code lives in the record's code info. */
export function sectionEntries(r: VersionRecord, section: HashSection): Record<string, HashEntry> {
  if (section === 'code') return r.code.files ?? {};
  // `?? {}`: records written before outputs existed (a panel's saved state) have none.
  return r[section] ?? {};
}

/** Sections whose rows are numbers compared with deltas. */
export function isMetricSection(section: Section): boolean {
  return section === 'metrics' || section === 'run-metrics';
}

export type ChangeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface MetricDelta {
  /** Value minus the first operand's value; null where either is missing. */
  absolute: number | null;
  /** absolute / |first|; null where the first value is 0 or missing. */
  relative: number | null;
}

export interface DiffRow {
  section: Section;
  /** Dotted key path; the file path for data and weights; `file:key` for configs. */
  key: string;
  /** For config rows: the config file. */
  file?: string;
  /** One per operand, in order; null where the key is absent at that version. */
  values: Array<string | number | boolean | null>;
  /** Display text per operand (hashes shortened by the renderers, not here). */
  status: ChangeStatus;
  /** Metrics only: one per operand, against the first. */
  deltas?: MetricDelta[];
  /** Hash sections only (data, code, weights, outputs): the full entries, for "where did this hash come from". */
  entries?: Array<HashEntry | null>;
}

export interface DiffOperand {
  label: string;
  record: VersionRecord;
}

export interface VersionDiff {
  operands: Array<{ label: string; model: string; version: string; commit: string | null }>;
  rows: DiffRow[];
  counts: Record<ChangeStatus, number>;
}

/** Diffs N records (N ≥ 2): rows for every key of every section, changed rows first. */
export function diffRecords(operands: readonly DiffOperand[]): VersionDiff {
  const rows: DiffRow[] = [];
  const records = operands.map((o) => o.record);

  rows.push(...compareMaps('hyperparameters', records.map((r) => flatten(r.hyperparameters))));

  const configFiles = unionKeys(records.map((r) => Object.keys(r.configs)));
  for (const file of configFiles) {
    const maps = records.map((r) => configMap(r, file));
    for (const row of compareMaps('config', maps)) rows.push({ ...row, key: `${file}:${row.key}`, file });
  }

  for (const section of ['data', 'code', 'weights', 'outputs'] as const) {
    const maps = records.map((r) => sectionEntries(r, section));
    const paths = unionKeys(maps.map((m) => Object.keys(m)));
    for (const path of paths) {
      const entries = maps.map((m) => (Object.hasOwn(m, path) ? m[path]! : null));
      // A URI without a hash is remote storage, not a file whose hash is missing.
      const values = entries.map((e) => (e ? e.hash ?? (e.remote ? `(remote ${e.remote})` : '(no hash)') : null));
      rows.push({ section, key: path, values, status: classify(values), entries });
    }
  }

  rows.push(...metricRows('metrics', records.map((r) => r.metrics)));

  // Runs: the newest run of each source at each version, its params and its metrics. The working
  // tree has no runs of its own (nothing ran on uncommitted files): its cells stay empty and do
  // not make a row changed.
  const ran = records.map((r) => !isWorkingTree(r));
  const runStatus = (row: DiffRow): DiffRow => {
    const at = row.values.map((v, i) => (ran[i] ? v : undefined)).filter((v) => v !== undefined);
    return at.length === row.values.length ? row : { ...row, status: at.length < 2 ? 'unchanged' : classify(at as DiffRow['values']) };
  };
  for (const source of ['mlflow', 'wandb'] as const) {
    const runs = records.map((r) => primaryRun(r, source));
    if (runs.every((x) => !x)) continue;
    const prefix = `${source}:`;
    const ids = runs.map((x) => (x ? runLabel(x) : undefined));
    rows.push(runStatus({ section: 'run-params', key: `${prefix}(run)`, values: ids.map((v) => v ?? null), status: classifyRaw(ids.map((v) => v)) }));
    for (const row of compareMaps('run-params', runs.map((x) => (x ? flatten(x.params) : new Map())))) rows.push(runStatus({ ...row, key: prefix + row.key }));
    for (const row of metricRows('run-metrics', runs.map((x) => x?.metrics ?? {}))) rows.push(runStatus({ ...row, key: prefix + row.key }));
  }

  // Stable: changed rows first, then unchanged; sections and first-seen key order kept.
  const ordered = [...rows.filter((r) => r.status !== 'unchanged'), ...rows.filter((r) => r.status === 'unchanged')];
  const counts: Record<ChangeStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const r of ordered) counts[r.status]++;
  return {
    operands: operands.map((o) => ({ label: o.label, model: o.record.model, version: o.record.version, commit: o.record.commit })),
    rows: ordered,
    counts,
  };
}

function metricRows(section: 'metrics' | 'run-metrics', maps: Array<Record<string, number>>): DiffRow[] {
  return unionKeys(maps.map((m) => Object.keys(m))).map((key) => {
    // hasOwn, not `in`: a metric named `constructor` must not find Object.prototype's.
    const values = maps.map((m) => (Object.hasOwn(m, key) ? m[key]! : null));
    const first = values[0];
    return { section, key, values, status: classify(values), deltas: values.map((v) => delta(first ?? null, v)) };
  });
}

/** The metrics of the runs a diff compares, keyed as its run-metrics rows are (`mlflow:auc`). */
export function comparedRunMetrics(r: VersionRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const run of comparedRuns(r)) {
    for (const [k, v] of Object.entries(run.metrics)) Object.defineProperty(out, `${run.source}:${k}`, { value: v, enumerable: true });
  }
  return out;
}

/** The runs a diff compares for a version: one per source at most. */
export function comparedRuns(r: VersionRecord): RunSummary[] {
  return (['mlflow', 'wandb'] as const).map((s) => primaryRun(r, s)).filter((x): x is RunSummary => !!x);
}

/**
 * The run a diff compares for one source: the newest one linked to the version that did not fail
 * (a crashed sweep at the same commit did not make the version), else the newest.
 */
function primaryRun(r: VersionRecord, source: RunSource): RunSummary | undefined {
  const runs = (r.runs ?? []).filter((x) => x.source === source);
  return runs.find((x) => x.status !== 'FAILED' && x.status !== 'KILLED') ?? runs[0];
}

/** The run's name and enough of its id to tell runs apart in a narrow cell. */
function runLabel(run: RunSummary): string {
  const id = run.id.length > 12 ? run.id.slice(0, 8) : run.id;
  return run.name ? `${run.name} (${id})` : id;
}

function configMap(r: VersionRecord, file: string): Map<string, unknown> {
  const c = Object.hasOwn(r.configs, file) ? r.configs[file] : undefined;
  if (!c || !c.present) return new Map();
  // Text-only configs compare as one row holding their blob id.
  if (!c.values) return new Map([['(file)', c.oid ?? '']]);
  return flatten(c.values);
}

function compareMaps(section: Section, maps: Array<Map<string, unknown>>): DiffRow[] {
  const keys = unionKeys(maps.map((m) => [...m.keys()]));
  return keys.map((key) => {
    const raw = maps.map((m) => (m.has(key) ? m.get(key) : undefined));
    const values = raw.map(toCell);
    return { section, key, values, status: classifyRaw(raw) };
  });
}

function toCell(v: unknown): string | number | boolean | null {
  if (v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return Number.isFinite(v as number) || typeof v === 'boolean' ? v : formatValue(v);
  if (typeof v === 'string') return v;
  return formatValue(v);
}

function classifyRaw(raw: unknown[]): ChangeStatus {
  const present = raw.map((v) => v !== undefined);
  return classifyPresence(present, () => raw.every((v) => sameValue(v, raw[0])));
}

function classify(values: Array<string | number | boolean | null>): ChangeStatus {
  // sameValue, not ===: a NaN metric is unchanged when it is NaN at both versions.
  return classifyPresence(values.map((v) => v !== null), () => values.every((v) => sameValue(v, values[0])));
}

/**
 * added: missing at the first version, present later; removed: present first, missing at the
 * last; changed: anything else that differs.
 */
function classifyPresence(present: boolean[], allEqual: () => boolean): ChangeStatus {
  if (present.every(Boolean)) return allEqual() ? 'unchanged' : 'changed';
  if (!present[0]) return 'added';
  if (!present[present.length - 1]) return 'removed';
  return 'changed';
}

function delta(first: number | null, v: number | null): MetricDelta {
  if (first === null || v === null) return { absolute: null, relative: null };
  const absolute = v - first;
  return { absolute, relative: first === 0 ? null : absolute / Math.abs(first) };
}

/**
 * Keys of several lists, merged: a key that only a later list has goes right after the key it
 * follows there, so `train.momentum` added in v2 sits beside `train.lr`, not after every v1 key.
 */
function unionKeys(lists: string[][]): string[] {
  let merged: string[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    // Runs of new keys, by the known key they follow ('' key: before everything).
    const after = new Map<string | null, string[]>();
    let anchor: string | null = null;
    for (const k of list) {
      if (seen.has(k)) {
        anchor = k;
        continue;
      }
      seen.add(k);
      let run = after.get(anchor);
      if (!run) after.set(anchor, (run = []));
      run.push(k);
    }
    if (after.size === 0) continue;
    const next: string[] = [...(after.get(null) ?? [])];
    for (const k of merged) {
      next.push(k);
      const run = after.get(k);
      if (run) next.push(...run);
    }
    merged = next;
  }
  return merged;
}
