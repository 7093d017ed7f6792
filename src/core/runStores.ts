// Runs and registry versions from the tools teams log training to next to Git: MLflow's `mlruns/`
// and `mlflow.db`, and W&B's `wandb/`. They are usually in .gitignore, so they are read from the
// working tree (never at a tag) and linked to versions by the commit each run recorded.
import type { FileSource } from './fileSource';
import { resolveRepoPath } from './repoPath';
import { readMlflowFileStore, type MlflowFileStore, type MlflowRegisteredModel, type MlflowRun } from './readers/mlflowFileStore';
import { mapLimited, setOwn } from './readers/sourceText';
import { readWandbRuns, type WandbRun } from './readers/wandbRun';
import type { Diagnostic, RunSummary } from './types';

/** Where each store is looked for, repository-relative. */
export interface RunStoreLocations {
  mlruns: string;
  mlflowDb: string;
  wandb: string;
}

export const DEFAULT_RUN_STORES: RunStoreLocations = { mlruns: 'mlruns', mlflowDb: 'mlflow.db', wandb: 'wandb' };

/** A registered model with the store it came from. */
export interface RegisteredModel extends MlflowRegisteredModel {
  /** `mlruns` or `mlflow.db`: where to look when something about it is wrong. */
  store: string;
}

export interface RunStores {
  /** Every run, newest first. */
  runs: RunSummary[];
  registry: RegisteredModel[];
  /** MLflow run id → the commit it ran at, for the registry's versions (also when registryOnly). */
  runCommits: Map<string, string>;
  diagnostics: Diagnostic[];
}

/** Reads an mlflow.db's bytes into the file store's shape (sql.js, loaded only when needed). */
export type DbReader = (bytes: Uint8Array, path: string, sidecars: { wal?: boolean; journal?: boolean }) => Promise<MlflowFileStore>;

/** Parses mlflow.db on this thread; sql.js and its WebAssembly load only when a database is read. */
export const readDbInPlace: DbReader = async (bytes, path, sidecars) => (await import('./readers/mlflowSqlStore')).readMlflowDb(bytes, path, sidecars);

export interface RunStoreOptions {
  locations?: RunStoreLocations;
  /** Only the MLflow registries (what the model listing needs), not the runs. */
  registryOnly?: boolean;
  readDb?: DbReader;
}

/**
 * A database larger than this is not loaded: sql.js holds the file, a copy and its own heap in
 * memory, and parses synchronously in the extension host.
 */
export const MAX_DB_BYTES = 128 * 1024 * 1024;

/**
 * Reads every store that exists under the working tree `source`. A missing store costs one
 * failed lookup; a broken one costs only what it holds, with a diagnostic.
 */
export async function readRunStores(source: FileSource, options: RunStoreOptions = {}): Promise<RunStores> {
  const out: RunStores = { runs: [], registry: [], runCommits: new Map(), diagnostics: [] };
  if (!source.walk) return out;
  const loc = { ...(options.locations ?? DEFAULT_RUN_STORES) };
  for (const key of ['mlruns', 'mlflowDb', 'wandb'] as const) {
    // Stores are named in settings: they stay inside the repository like every path we read.
    const checked = resolveRepoPath('', loc[key]);
    if (!checked.ok || !checked.path) {
      out.diagnostics.push({ severity: 'warning', message: `the run store '${loc[key]}' is not a path inside the repository; it is not read` });
      loc[key] = '';
    } else loc[key] = checked.path;
  }
  const walk = source.walk.bind(source);
  const tasks: Array<Promise<void>> = [];
  /** The store each task reads, for the warning when it fails unforeseen. */
  const names: string[] = [];

  names.push(loc.mlruns);
  tasks.push(
    (async () => {
      if (!loc.mlruns) return;
      const root = options.registryOnly ? `${loc.mlruns}/models` : loc.mlruns;
      const listed = await walk(root);
      if (listed.outside) out.diagnostics.push(outsideWarning(root));
      if (listed.files.length === 0) return;
      if (listed.truncated) out.diagnostics.push(truncatedWarning(root, listed.files.length));
      const store = await readMlflowFileStore(source, loc.mlruns, listed.files);
      addMlflow(out, store, loc.mlruns, options.registryOnly);
      if (options.registryOnly) await readVersionCommits(source, loc.mlruns, store, out.runCommits);
    })(),
  );

  if (options.readDb) {
    const readDb = options.readDb;
    names.push(loc.mlflowDb);
    tasks.push(
      (async () => {
        if (!source.readBytes || !loc.mlflowDb) return;
        const read = await source.readBytes(loc.mlflowDb, MAX_DB_BYTES);
        if (read.kind === 'missing') return;
        if (read.kind !== 'file') {
          const why =
            read.kind === 'too-large'
              ? `is ${read.size} bytes, more than is read into memory`
              : read.kind === 'outside'
                ? 'leads out of the repository through a symbolic link'
                : read.kind === 'unreadable'
                  ? `could not be read (${read.reason})`
                  : 'is not a file';
          out.diagnostics.push({ severity: 'warning', file: loc.mlflowDb, message: `${loc.mlflowDb} ${why}; its runs and registered models are not shown` });
          return;
        }
        // Sizes only (a zero-byte cap reads nothing): an empty -wal is normal while MLflow holds
        // the database open; a -journal of any size means a write was under way.
        const [wal, journal] = await Promise.all([`${loc.mlflowDb}-wal`, `${loc.mlflowDb}-journal`].map((p) => source.readBytes!(p, 0)));
        const store = await readDb(read.bytes, loc.mlflowDb, { wal: wal.kind === 'too-large', journal: journal.kind === 'too-large' || journal.kind === 'file' });
        addMlflow(out, store, loc.mlflowDb, options.registryOnly);
      })(),
    );
  }

  if (!options.registryOnly) {
    names.push(loc.wandb);
    tasks.push(
      (async () => {
        if (!loc.wandb) return;
        const listed = await walk(loc.wandb);
        if (listed.outside) out.diagnostics.push(outsideWarning(loc.wandb));
        if (listed.files.length === 0) return;
        if (listed.truncated) out.diagnostics.push(truncatedWarning(loc.wandb, listed.files.length));
        const runs = await readWandbRuns(source, loc.wandb, listed.files);
        for (const r of runs) {
          out.runs.push(wandbSummary(r));
          out.diagnostics.push(...r.diagnostics);
        }
      })(),
    );
  }

  await Promise.all(
    tasks.map((t, i) =>
      // One store failing in a way no reader foresaw must not take the others with it.
      t.catch((e: unknown) => {
        const store = names[i] || 'a run store';
        out.diagnostics.push({ severity: 'warning', file: store, message: `${store} could not be read (${e instanceof Error ? e.message : String(e)}); its runs are not shown` });
      }),
    ),
  );
  out.runs = withoutCopies(out.runs.sort(newestFirst), loc.mlruns);
  // The file store's registry first, whichever store finished reading first.
  const rank = (m: RegisteredModel) => (m.store === loc.mlruns ? 0 : 1);
  out.registry.sort((a, b) => rank(a) - rank(b));
  return out;
}

function addMlflow(out: RunStores, store: MlflowFileStore, where: string, registryOnly?: boolean): void {
  out.diagnostics.push(...store.diagnostics);
  for (const m of store.models) out.registry.push({ ...m, store: where });
  for (const exp of store.experiments) {
    for (const run of exp.runs) {
      const commit = gitCommitOf(run.gitCommit);
      if (commit) out.runCommits.set(run.id, commit);
      if (!registryOnly) out.runs.push(mlflowSummary(run, exp.name ?? exp.id));
    }
  }
}

/**
 * The commits of the registry's source runs without reading every run: each version's run is
 * looked up in each experiment folder (a store has a handful of experiments, not thousands).
 */
async function readVersionCommits(source: FileSource, root: string, store: MlflowFileStore, commits: Map<string, string>): Promise<void> {
  const runIds = new Set(store.models.flatMap((m) => m.versions.map((v) => v.runId).filter((id): id is string => !!id && /^[A-Za-z0-9_-]+$/.test(id))));
  if (runIds.size === 0 || !source.walk) return;
  const top = await source.walk(root, { maxDepth: 1 });
  const experiments = [...new Set(top.files.map((f) => f.slice(root.length + 1).split('/')).filter((p) => p.length === 2 && p[0] !== 'models' && p[0] !== '.trash').map((p) => p[0]!))];
  // Bounded: a registry of thousands of versions must not open thousands of files at once.
  await mapLimited(
    [...runIds],
    32,
    async (id) => {
      for (const exp of experiments) {
        const read = await source.read(`${root}/${exp}/${id}/tags/mlflow.source.git.commit`, 1024);
        if (read.kind === 'file') {
          const commit = gitCommitOf(read.text);
          if (commit) commits.set(id, commit);
          return;
        }
      }
    },
  );
}

export function mlflowSummary(run: MlflowRun, experiment: string): RunSummary {
  // By key, as MLflow's UI lists them (the file store's order is the file system's).
  const metrics: Record<string, number> = {};
  const history: Record<string, Array<{ step: number; value: number }>> = {};
  for (const k of Object.keys(run.metrics).sort()) {
    setOwn(metrics, k, run.metrics[k]!.last.value);
    const points = run.metrics[k]!.history;
    if (points.length > 1) setOwn(history, k, [...points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp).map((p) => ({ step: p.step, value: p.value })));
  }
  const params: Record<string, string> = {};
  for (const k of Object.keys(run.params).sort()) setOwn(params, k, run.params[k]!);
  return {
    source: 'mlflow',
    id: run.id,
    name: run.name,
    experiment,
    status: run.status,
    startedAt: run.startTime !== undefined ? isoOrUndefined(run.startTime) : undefined,
    gitCommit: gitCommitOf(run.gitCommit),
    location: run.folder,
    params,
    metrics,
    ...(Object.keys(history).length ? { history } : {}),
  };
}

export function wandbSummary(run: WandbRun): RunSummary {
  return {
    source: 'wandb',
    id: run.id,
    startedAt: run.startedAt,
    gitCommit: gitCommitOf(run.metadata.gitCommit),
    location: run.folder,
    params: run.config,
    metrics: { ...run.summary.metrics },
  };
}

/**
 * A commit id as a run recorded it, or undefined: the value is whatever the tool wrote (a tag
 * file anyone can edit), so only hex ids are taken; never a revision name or a terminal escape.
 */
export function gitCommitOf(text: string | undefined): string | undefined {
  const t = text?.trim().toLowerCase();
  return t && /^[0-9a-f]{7,64}$/.test(t) ? t : undefined;
}

/**
 * Where a registered version's model folder can be in the working tree, from the `source` MLflow
 * recorded: `mlflow-artifacts:/<exp>/<run>/artifacts/<path>` (a tracking server keeps it under
 * mlartifacts/, a local store under mlruns/), `runs:/<run>/<path>` (the run's artifacts folder),
 * or a `file://` path that reaches into mlruns/ or mlartifacts/. Candidates only; the caller
 * reads the first that holds an MLmodel. Nothing outside the repository is ever named.
 */
export function localModelFolders(source: string | undefined, run: RunSummary | undefined, mlruns = DEFAULT_RUN_STORES.mlruns): string[] {
  if (!source) return [];
  const out: string[] = [];
  const served = /^mlflow-artifacts:\/+(.+)$/.exec(source);
  if (served) out.push(`mlartifacts/${served[1]}`, `${mlruns}/${served[1]}`);
  const runs = /^runs:\/+([^/]+)\/(.+)$/.exec(source);
  if (runs && run && run.id === runs[1] && run.location.startsWith(`${mlruns}/`)) out.push(`${run.location}/artifacts/${runs[2]}`);
  const file = /^file:\/\/(.*)$/.exec(source);
  if (file) {
    const parts = file[1]!.split('/');
    const at = parts.findIndex((p) => p === 'mlruns' || p === 'mlartifacts');
    if (at >= 0) out.push(parts.slice(at).join('/'));
  }
  return out.map((p) => resolveRepoPath('', decodeURIComponentSafe(p).replace(/\/+$/, ''))).flatMap((c) => (c.ok ? [c.path] : []));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The runs logged at `commit` (a run may record an abbreviated id), newest first. */
export function runsAt(runs: readonly RunSummary[], commit: string): RunSummary[] {
  return runs.filter((r) => r.gitCommit !== undefined && (r.gitCommit === commit || commit.startsWith(r.gitCommit)));
}

/**
 * A run by id within one source (MLflow run ids are unique across experiments; a run in both
 * mlruns/ and mlflow.db is listed once, see withoutCopies).
 */
export function runById(runs: readonly RunSummary[], source: RunSummary['source'], id: string): RunSummary | undefined {
  return runs.find((r) => r.source === source && r.id === id);
}

/**
 * One MLflow run in both mlruns/ and mlflow.db (a store migrated, say) is shown once, from the
 * file store. W&B runs with one id in two folders are a resumed run's parts: both stay.
 */
function withoutCopies(runs: RunSummary[], mlruns: string): RunSummary[] {
  const fromFiles = new Set(runs.filter((r) => r.source === 'mlflow' && r.location.startsWith(`${mlruns}/`)).map((r) => r.id));
  return runs.filter((r) => r.source !== 'mlflow' || r.location.startsWith(`${mlruns}/`) || !fromFiles.has(r.id));
}

function newestFirst(a: RunSummary, b: RunSummary): number {
  return (b.startedAt ?? '').localeCompare(a.startedAt ?? '') || a.source.localeCompare(b.source) || a.id.localeCompare(b.id);
}

function isoOrUndefined(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function outsideWarning(folder: string): Diagnostic {
  return { severity: 'warning', file: folder, message: `${folder} leads out of the repository through a symbolic link; its runs are not read` };
}

function truncatedWarning(folder: string, count: number): Diagnostic {
  return { severity: 'warning', file: folder, message: `${folder} holds more than ${count} files; only the first ${count} are read` };
}
