// What a version is made of: its files read at its own commit (or on disk), the runs logged at
// that commit, and where each hash's content is; an MLflow version from its source run.
import { addAvailability, missingContentNote } from '../availability';
import type { ModelDefinition } from '../discovery';
import type { FileSource } from '../fileSource';
import { readMlmodelAt } from '../readers/mlflowModel';
import { localModelFolders, runById, runsAt, DEFAULT_RUN_STORES } from '../runStores';
import { emptyRecord, type CodeInfo, type MlflowVersionInfo, type ResolvedVersion, type VersionRecord } from '../types';
import { addMlmodel, readVersion } from '../versionReader';
import type { StoreContext } from './context';
import type { ModelSummary } from './listing';
import { tagFor } from './resolve';
import { ownRuns } from './runOwnership';

/** A version's record, cached per model, commit and version in the generation. */
export function recordOf(ctx: StoreContext, v: ResolvedVersion): Promise<VersionRecord> {
  const records = ctx.gen().records;
  const key = `${v.model}\0${v.commit ?? 'workdir'}\0${v.version}`;
  let p = records.get(key);
  if (!p) {
    p = readRecord(ctx, v);
    // Working-tree records are never cached: the files change under us.
    if (v.commit) records.set(key, p);
  }
  return p;
}

async function readRecord(ctx: StoreContext, v: ResolvedVersion): Promise<VersionRecord> {
  const summary = await ctx.model(v.model);
  const mlflow = v.registryVersion?.mlflow;
  if (mlflow) return readMlflowRecord(ctx, v, mlflow, summary);
  const { backend } = ctx;
  const source = v.commit ? backend.sourceAt(v.commit) : backend.workdir();
  const code = v.commit ? await backend.codeInfo(v.commit, await tagFor(ctx, v)) : { commit: null };
  const [record, stores] = await Promise.all([readVersionAt(ctx, v.model, v.version, source, code, summary.definition), v.commit ? ctx.runs() : undefined]);
  if (stores && v.commit) {
    const atCommit = runsAt(stores.runs, v.commit);
    record.runs = atCommit.length ? await ownRuns(ctx, v.model, atCommit, stores) : [];
    // An MLmodel names the run that logged it, wherever that run's code was.
    const named = record.mlflowRunId ? runById(stores.runs, 'mlflow', record.mlflowRunId) : undefined;
    if (named) record.runs = [named, ...record.runs.filter((r) => r !== named)];
  }
  return record;
}

/** Reads a version's record and says where the content of each of its hashes is. */
async function readVersionAt(ctx: StoreContext, model: string, version: string, source: FileSource, code: CodeInfo, definition?: ModelDefinition): Promise<VersionRecord> {
  const outputs = ctx.outputsAt(source);
  const record = await readVersion(model, version, source, code, definition, { isManifest: ctx.isManifest, outputs });
  const dvc = ctx.dvc();
  if (dvc && ctx.options.storage) {
    await addAvailability(record, { dvc, io: ctx.options.storage, source });
    const note = missingContentNote(record);
    if (note) record.diagnostics.push(note);
  }
  return record;
}

/**
 * An MLflow registry version: its source run's params and metrics, and, when the run recorded
 * the commit it ran at and the model is declared in Git, the model's files at that commit.
 */
async function readMlflowRecord(ctx: StoreContext, v: ResolvedVersion, mlflow: MlflowVersionInfo, summary: ModelSummary): Promise<VersionRecord> {
  const { backend } = ctx;
  const stores = await ctx.runs();
  const commit = v.commit && (await backend.resolveCommit(v.commit).catch(() => undefined));
  let record: VersionRecord;
  if (commit && summary.definition) {
    record = await readVersionAt(ctx, v.model, v.version, backend.sourceAt(commit), await backend.codeInfo(commit), summary.definition);
  } else {
    record = emptyRecord(v.model, v.version, commit || null);
    if (commit) record.code = await backend.codeInfo(commit);
    else if (v.commit) record.diagnostics.push({ severity: 'info', message: `the commit ${v.commit.slice(0, 12)} that MLflow run ${mlflow.runId ?? ''} recorded is not in this repository` });
  }
  record.description ??= v.registryVersion?.message;
  const run = mlflow.runId ? runById(stores.runs, 'mlflow', mlflow.runId) : undefined;
  // The registered model's own MLmodel, when its artifacts are in the working tree: flavors and
  // signature then compare between versions like any config. Each version's folder differs (the
  // run id is in it), so the config is keyed `MLmodel` for the rows to line up.
  const locations = ctx.options.runStores === false ? undefined : (ctx.options.runStores ?? DEFAULT_RUN_STORES);
  for (const folder of locations ? localModelFolders(mlflow.source, run, locations.mlruns) : []) {
    const m = await readMlmodelAt(backend.workdir(), folder);
    if (!m) continue;
    addMlmodel(record, m, 'MLmodel');
    break;
  }
  if (run) record.runs = [run];
  else if (mlflow.runId) {
    record.diagnostics.push({ severity: 'info', file: mlflow.store, message: `run ${mlflow.runId} of ${v.model} version ${mlflow.version} is not in ${mlflow.store}; its params and metrics are not shown` });
  }
  return record;
}
