// MLflow's SQLite tracking and registry store (`mlflow.db`), read from the bytes of the file with
// sql.js into the same shape as the file store. The bytes are read in memory, so MLflow's own
// process is never blocked by a lock of ours; what MLflow has not yet checkpointed into the main
// file (a `-wal` sidecar) cannot be seen, and the caller is told so.
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { compareExperimentIds, latestPoint, putOwn, type MetricPoint, type MlflowExperiment, type MlflowFileStore, type MlflowModelVersion, type MlflowRegisteredModel, type MlflowRun } from './mlflowFileStore';
import { loadSqlJs } from './sqlite';

export interface SqliteSidecars {
  /** `<db>-wal` exists and is not empty: changes not yet checkpointed into the db file. */
  wal?: boolean;
  /** `<db>-journal` exists: a write was in progress when the file was read. */
  journal?: boolean;
}

/** `SQLite format 3\0`: the first 16 bytes of every SQLite database file. */
const SQLITE_MAGIC = [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00];

/** How MLflow marks a deleted model version (mlflow/entities/model_registry/model_version_stages.py). */
const STAGE_DELETED_INTERNAL = 'Deleted_Internal';

type Row = Record<string, SqlValue>;

/**
 * Reads an `mlflow.db` whose bytes are `bytes`; `path` (repository-relative) becomes the store's
 * root and every run's folder. Never throws: whatever cannot be read becomes one warning, and
 * everything read before it is kept.
 */
export async function readMlflowDb(bytes: Uint8Array, path: string, sidecars: SqliteSidecars = {}): Promise<MlflowFileStore> {
  const out: MlflowFileStore = { root: path, experiments: [], models: [], diagnostics: [] };
  const warn = (message: string) => out.diagnostics.push({ severity: 'warning', file: path, message });
  if (sidecars.wal) warn(`${path}: changes MLflow still holds in ${basename(path)}-wal are not shown (only ${basename(path)} itself is read); they appear once MLflow checkpoints them`);
  if (sidecars.journal) warn(`${path}: a write was in progress when it was read (${basename(path)}-journal exists); what is shown may be incomplete until the write ends`);

  if (bytes.length === 0) {
    warn(`${path} is empty; runs from it are not shown`);
    return out;
  }
  if (bytes.length < 100 || SQLITE_MAGIC.some((b, i) => bytes[i] !== b)) {
    warn(`${path} is not an SQLite database; runs from it are not shown`);
    return out;
  }
  const truncated = truncation(bytes);

  let SQL: SqlJsStatic;
  try {
    SQL = await loadSqlJs();
  } catch (err) {
    warn(`${path} could not be read: the SQLite reader (sql.js) did not load (${reason(err)}); runs from it are not shown`);
    return out;
  }
  let db: Database;
  try {
    db = new SQL.Database(rollbackMode(bytes));
  } catch (err) {
    warn(`${path} could not be opened (${reason(err)}); runs from it are not shown`);
    return out;
  }
  const failures: string[] = [];
  try {
    readAll(db, out, failures);
  } catch (err) {
    // Values no MLflow writes (a text where a number belongs, …) must not cost the whole store.
    failures.push(reason(err));
  } finally {
    try {
      db.close();
    } catch {
      // Nothing more to release: the bytes were only ever in memory.
    }
  }
  if (failures.length > 0 || truncated) {
    const what = truncated ? `is truncated (${truncated})` : `is damaged (${failures[0]})`;
    const shown = out.experiments.length + out.models.length > 0 ? 'runs and versions that could not be read are not shown' : 'runs from it are not shown';
    warn(`${path} ${what}; ${shown}`);
  }
  return out;
}

function readAll(db: Database, out: MlflowFileStore, failures: string[]): void {
  const tables = tableColumns(db, failures);
  if (!tables) return;
  if (!tables.has('experiments') || !tables.has('runs')) {
    if (failures.length === 0) {
      out.diagnostics.push({
        severity: 'warning',
        file: out.root,
        message: `${out.root} is an SQLite database without MLflow's experiments and runs tables; runs from it are not shown`,
      });
    }
    return;
  }
  const select = (table: string, columns: string[], order = ''): Row[] => {
    const have = tables.get(table);
    if (!have) return [];
    const cols = columns.filter((c) => have.has(c));
    if (cols.length === 0) return [];
    try {
      return rows(db, `SELECT ${cols.map(quoteId).join(', ')} FROM ${quoteId(table)}${order}`);
    } catch (err) {
      failures.push(`${table}: ${reason(err)}`);
      return [];
    }
  };

  // The big tables (a row per param, tag and metric point) stream as arrays in `columns` order,
  // a column this MLflow version lacks read as NULL: no object per row.
  const each = (table: string, columns: string[], fn: (values: SqlValue[]) => void, order = ''): void => {
    const have = tables.get(table);
    if (!have) return;
    try {
      const stmt = db.prepare(`SELECT ${columns.map((c) => (have.has(c) ? quoteId(c) : 'NULL')).join(', ')} FROM ${quoteId(table)}${order}`);
      try {
        while (stmt.step()) fn(stmt.get());
      } finally {
        stmt.free();
      }
    } catch (err) {
      failures.push(`${table}: ${reason(err)}`);
    }
  };

  const experiments = new Map<string, MlflowExperiment>();
  for (const r of select('experiments', ['experiment_id', 'name', 'artifact_location', 'lifecycle_stage', 'creation_time', 'last_update_time'])) {
    if (r.lifecycle_stage === 'deleted' || r.experiment_id === null || r.experiment_id === undefined) continue;
    const id = String(r.experiment_id);
    experiments.set(id, {
      id,
      name: text(r.name),
      artifactLocation: text(r.artifact_location),
      creationTime: number(r.creation_time),
      lastUpdateTime: number(r.last_update_time),
      runs: [],
    });
  }

  const runs = new Map<string, MlflowRun>();
  for (const r of select('runs', ['run_uuid', 'name', 'status', 'start_time', 'end_time', 'lifecycle_stage', 'artifact_uri', 'experiment_id', 'user_id'])) {
    if (r.lifecycle_stage === 'deleted' || typeof r.run_uuid !== 'string') continue;
    const experiment = experiments.get(String(r.experiment_id));
    if (!experiment) continue; // its experiment is deleted (or gone): MLflow hides the run too
    const run: MlflowRun = {
      id: r.run_uuid,
      experimentId: experiment.id,
      name: nonEmpty(r.name),
      status: text(r.status),
      startTime: number(r.start_time),
      endTime: number(r.end_time),
      artifactUri: text(r.artifact_uri),
      userId: text(r.user_id),
      params: {},
      metrics: {},
      tags: {},
      folder: out.root,
    };
    runs.set(run.id, run);
    experiment.runs.push(run);
  }

  each('params', ['key', 'value', 'run_uuid'], ([key, value, runUuid]) => {
    const run = runs.get(String(runUuid));
    if (run && typeof key === 'string') putOwn(run.params, key, text(value) ?? '');
  });
  each('tags', ['key', 'value', 'run_uuid'], ([key, value, runUuid]) => {
    const run = runs.get(String(runUuid));
    if (run && typeof key === 'string') putOwn(run.tags, key, text(value) ?? '');
  });

  // rowid is the order MLflow inserted the points in: the file store's line order.
  const histories = new Map<MlflowRun, Map<string, MetricPoint[]>>();
  const METRIC_COLUMNS = ['key', 'value', 'timestamp', 'step', 'is_nan', 'run_uuid'];
  each(
    'metrics',
    METRIC_COLUMNS,
    (v) => {
      const run = runs.get(String(v[5]));
      const key = v[0];
      const point = metricPoint(v);
      if (!run || typeof key !== 'string' || !point) return;
      let byKey = histories.get(run);
      if (!byKey) histories.set(run, (byKey = new Map()));
      const history = byKey.get(key);
      if (history) history.push(point);
      else byKey.set(key, [point]);
    },
    tables.get('metrics')?.has('rowid') ? ' ORDER BY rowid' : '',
  );
  for (const [run, byKey] of histories) for (const [key, history] of byKey) putOwn(run.metrics, key, { last: latestPoint(history), history });
  // latest_metrics is what MLflow shows as a run's value; it wins over our own pick from history.
  each('latest_metrics', METRIC_COLUMNS, (v) => {
    const run = runs.get(String(v[5]));
    const key = v[0];
    const point = metricPoint(v);
    if (!run || typeof key !== 'string' || !point) return;
    const metric = Object.hasOwn(run.metrics, key) ? run.metrics[key]! : undefined;
    if (metric) metric.last = point;
    else putOwn(run.metrics, key, { last: point, history: [point] });
  });

  for (const run of runs.values()) {
    run.name ??= Object.hasOwn(run.tags, 'mlflow.runName') ? nonEmpty(run.tags['mlflow.runName']) : undefined;
    if (Object.hasOwn(run.tags, 'mlflow.source.git.commit')) run.gitCommit = run.tags['mlflow.source.git.commit']!.trim();
  }
  for (const experiment of experiments.values()) {
    experiment.runs.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0) || a.id.localeCompare(b.id));
    out.experiments.push(experiment);
  }
  out.experiments.sort((a, b) => compareExperimentIds(a.id, b.id));

  readRegistry(out, select);
}

function readRegistry(out: MlflowFileStore, select: (table: string, columns: string[]) => Row[]): void {
  const models = new Map<string, MlflowRegisteredModel>();
  for (const r of select('registered_models', ['name', 'description', 'creation_time', 'last_updated_time'])) {
    if (typeof r.name !== 'string') continue;
    models.set(r.name, { name: r.name, description: text(r.description), creationTime: number(r.creation_time), lastUpdateTime: number(r.last_updated_time), versions: [], aliases: {}, tags: {} });
  }
  const versions = new Map<string, MlflowModelVersion>();
  for (const r of select('model_versions', ['name', 'version', 'creation_time', 'last_updated_time', 'description', 'current_stage', 'source', 'run_id', 'status'])) {
    const model = models.get(String(r.name));
    const version = number(r.version);
    if (!model || version === undefined || !Number.isInteger(version) || r.current_stage === STAGE_DELETED_INTERNAL) continue;
    const v: MlflowModelVersion = {
      version,
      status: text(r.status),
      stage: text(r.current_stage),
      source: text(r.source),
      runId: text(r.run_id),
      description: text(r.description),
      creationTime: number(r.creation_time),
      lastUpdateTime: number(r.last_updated_time),
      tags: {},
      aliases: [],
    };
    model.versions.push(v);
    versions.set(`${model.name}\0${version}`, v);
  }
  for (const r of select('registered_model_tags', ['key', 'value', 'name'])) {
    const model = models.get(String(r.name));
    if (model && typeof r.key === 'string') putOwn(model.tags, r.key, text(r.value) ?? '');
  }
  for (const r of select('model_version_tags', ['key', 'value', 'name', 'version'])) {
    const v = versions.get(`${String(r.name)}\0${String(r.version)}`);
    if (v && typeof r.key === 'string') putOwn(v.tags, r.key, text(r.value) ?? '');
  }
  for (const r of select('registered_model_aliases', ['alias', 'version', 'name'])) {
    const model = models.get(String(r.name));
    const version = number(r.version);
    if (!model || typeof r.alias !== 'string' || version === undefined) continue;
    putOwn(model.aliases, r.alias, version);
    const target = versions.get(`${model.name}\0${version}`);
    if (target) target.aliases.push(r.alias);
    else out.diagnostics.push({ severity: 'warning', file: out.root, message: `${out.root}: alias '${r.alias}' of model '${model.name}' names version ${version}, which is not in the registry` });
  }
  for (const model of models.values()) {
    model.versions.sort((a, b) => a.version - b.version);
    for (const v of model.versions) v.aliases.sort();
    out.models.push(model);
  }
  out.models.sort((a, b) => a.name.localeCompare(b.name));
}

/** Table name → column names, or undefined (with a failure) when the schema itself cannot be read. */
function tableColumns(db: Database, failures: string[]): Map<string, Set<string>> | undefined {
  const tables = new Map<string, Set<string>>();
  let names: Row[];
  try {
    names = rows(db, "SELECT name, sql FROM sqlite_master WHERE type = 'table'");
  } catch (err) {
    failures.push(reason(err));
    return undefined;
  }
  for (const { name, sql } of names) {
    if (typeof name !== 'string') continue;
    try {
      const cols = new Set(rows(db, `PRAGMA table_info(${quoteId(name)})`).map((c) => String(c.name)));
      if (typeof sql === 'string' && !/\bWITHOUT\s+ROWID\b/i.test(sql)) cols.add('rowid');
      tables.set(name, cols);
    } catch (err) {
      failures.push(`${name}: ${reason(err)}`);
    }
  }
  return tables;
}

function rows(db: Database, sql: string): Row[] {
  const out: Row[] = [];
  const stmt = db.prepare(sql);
  try {
    // get() and the names once: getAsObject() would decode every column name again for every row.
    const names = stmt.getColumnNames();
    while (stmt.step()) {
      const values = stmt.get();
      const row: Row = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = values[i]!;
      out.push(row);
    }
  } finally {
    stmt.free();
  }
  return out;
}

/** A point from `[key, value, timestamp, step, is_nan, run_uuid]`. */
function metricPoint(v: SqlValue[]): MetricPoint | undefined {
  const timestamp = number(v[2]) ?? 0;
  const step = number(v[3]) ?? 0;
  // MLflow stores NaN as value 0 with is_nan = 1.
  const value = v[4] === 1 || v[4] === '1' ? NaN : number(v[1]);
  if (value === undefined) return undefined;
  return { timestamp, value, step };
}

/**
 * WAL-mode files (header bytes 18–19 = 2) are opened as rollback-journal files on a copy: sql.js
 * has no shared memory for a WAL index, and the main file alone is what it can read anyway.
 */
function rollbackMode(bytes: Uint8Array): Uint8Array {
  if (bytes[18] !== 2 && bytes[19] !== 2) return bytes;
  const copy = bytes.slice();
  copy[18] = 1;
  copy[19] = 1;
  return copy;
}

/** What is missing, when the header's page count says the file should be longer than it is. */
function truncation(bytes: Uint8Array): string | undefined {
  const rawPageSize = (bytes[16]! << 8) | bytes[17]!;
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = ((bytes[28]! << 24) >>> 0) + (bytes[29]! << 16) + (bytes[30]! << 8) + bytes[31]!;
  if (pageSize < 512 || pages === 0) return undefined;
  const expected = pageSize * pages;
  return bytes.length < expected ? `${bytes.length} of its ${expected} bytes are there` : undefined;
}

function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function text(v: SqlValue | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function nonEmpty(v: SqlValue | undefined): string | undefined {
  const s = text(v);
  return s === '' ? undefined : s;
}

function number(v: SqlValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function reason(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
  return message.length > 120 ? `${message.slice(0, 117)}…` : message;
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
