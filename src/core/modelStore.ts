// The engine behind every front end: which models a repository has, their versions from tags,
// what each version holds, and how versions differ. The work is in src/core/store/ (listing,
// updates, resolve, records, runOwnership, mlflowMerge); what has been read is one Generation
// that a refresh replaces whole.
import type { RepoBackend } from './backend';
import { diffRecords, type VersionDiff } from './diff';
import { DvcStorage, type DvcStorageOptions } from './dvcCache';
import { DvcOutputSource } from './dvcOutputs';
import type { FileSource } from './fileSource';
import { globMatcher } from './glob';
import { OperandError, type Operand } from './operand';
import type { MlflowFileStore } from './readers/mlflowFileStore';
import { isManifestPath } from './readers/manifest';
import { readDbInPlace, readRunStores, DEFAULT_RUN_STORES, type DbReader, type RunStoreLocations, type RunStores } from './runStores';
import type { StoragePort } from './storagePort';
import { DEFAULT_CONVENTIONS, type TagConventions } from './tagGrammar';
import type { ResolvedVersion, VersionRecord } from './types';
import type { StoreContext } from './store/context';
import { Generation } from './store/generation';
import { versionsAt, readListing, singleModel, type Listing, type ModelSummary } from './store/listing';
import { NotFoundError } from './store/notFound';
import { recordOf } from './store/records';
import { resolveOperand } from './store/resolve';
import { applyTagUpdate, noteChangedTags } from './store/updates';

export type { Listing, ModelSummary, PrefixTagReader } from './store/listing';
export type { MlflowVersionInfo, ModelVersion, ResolvedVersion } from './types';
export { NotFoundError } from './store/notFound';

export interface StoreOptions {
  conventions?: TagConventions;
  excludes?: readonly string[];
  /**
   * List manifests by their `name:` line without validating them (the CLI's list); the extension
   * keeps full validation because its Problems panel shows what is wrong in each manifest.
   */
  namesOnly?: boolean;
  /** Globs of manifests with other names than model.yaml and *.model.yaml. */
  manifestGlobs?: readonly string[];
  /** Where MLflow and W&B stores are looked for in the working tree; false: not at all. */
  runStores?: RunStoreLocations | false;
  /** Reads mlflow.db; without it an mlflow.db is not read. */
  readDb?: DbReader;
  /**
   * Reaches the DVC cache, DVC remotes and Git LFS objects. With it, metrics, params and plots
   * that are DVC outputs are read from the cache (or remote), and every data and weights hash
   * says where its content is; without it a version is what Git holds.
   */
  storage?: StoragePort;
  dvc?: DvcStorageOptions;
  /**
   * Builds a model's versions and stage events when they are first read, not with the listing:
   * the extension's tree opens a few of 5,000 models, and keeping all their versions cost 170
   * bytes a tag. Off, every model is built once, whole (the CLI reads them all).
   */
  versionsOnRead?: boolean;
}

export class ModelStore {
  /** Everything read since the last refresh. */
  private generation = new Generation();
  /** The last mlflow.db parsed, by content: kept across refreshes, since its key is its bytes. */
  private dbCache: { key: string; store: Promise<MlflowFileStore> } | undefined;
  /** The last updateTags, so that updates apply one after the other. */
  private tagUpdate: Promise<unknown> | undefined;
  private updatesRunning = 0;
  private readonly ctx: StoreContext;

  constructor(
    readonly backend: RepoBackend,
    private readonly options: StoreOptions = {},
  ) {
    const extra = options.manifestGlobs?.length ? globMatcher(options.manifestGlobs) : undefined;
    this.ctx = {
      backend,
      options,
      conventions: options.conventions ?? DEFAULT_CONVENTIONS,
      isManifest: extra ? (p) => isManifestPath(p) || extra(p) : isManifestPath,
      rootName: backend.root.split(/[\\/]/).filter(Boolean).pop(),
      gen: () => this.generation,
      invalidate: () => this.invalidate(),
      list: (signal) => this.list(signal),
      model: (name, signal) => this.model(name, signal),
      registeredModels: () => this.registeredModels(),
      runs: () => this.runs(),
      dvc: () => this.dvc(),
      outputsAt: (source) => this.outputsAt(source),
    };
  }

  /** Forgets everything read; the next call reads the repository again. */
  invalidate(): void {
    this.generation = new Generation();
  }

  /**
   * Forgets what was read from the working tree (declarations, runs, records, DVC state) and
   * keeps the tags: what HEAD moving or a manifest changing needs, where invalidate() would read
   * 100,000 tags again for nothing. A tag read still running is not kept (its changes may be lost).
   */
  refreshWorkingTree(): void {
    // An update under way would patch the generation it started on, not the next one.
    this.generation = this.updatesRunning ? new Generation() : this.generation.withTagsOnly();
  }

  /** The DVC storage of this repository, when the store can reach storage at all. */
  dvc(): DvcStorage | undefined {
    if (!this.options.storage) return undefined;
    return (this.generation.dvcStorage ??= new DvcStorage(this.options.storage, this.backend.root, this.options.dvc));
  }

  /** A version's files with its DVC outputs readable from the cache or remote. */
  outputsAt(source: FileSource): DvcOutputSource | undefined {
    const dvc = this.dvc();
    return dvc ? new DvcOutputSource(source, dvc) : undefined;
  }

  /**
   * Every run in the working tree's MLflow and W&B stores (read once, then cached until
   * invalidate): what a version's record links by commit.
   */
  runs(): Promise<RunStores> {
    const gen = this.generation;
    gen.runStoreRead ??= this.readStores(false);
    return gen.runStoreRead;
  }

  /** Just the MLflow registries (and their runs' commits): what the model listing needs. */
  private registeredModels(): Promise<RunStores> {
    const gen = this.generation;
    gen.mlflowModels ??= gen.runStoreRead ?? this.readStores(true);
    return gen.mlflowModels;
  }

  private readonly readDb: DbReader = (bytes, path, sidecars) => {
    const key = `${path}\0${sidecars.wal}\0${sidecars.journal}\0${(require('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(bytes).digest('hex')}`;
    if (this.dbCache?.key !== key) {
      const store = (this.options.readDb ?? readDbInPlace)(bytes, path, sidecars);
      this.dbCache = { key, store };
      store.catch(() => (this.dbCache = undefined));
    }
    return this.dbCache.store;
  };

  private async readStores(registryOnly: boolean): Promise<RunStores> {
    const empty: RunStores = { runs: [], registry: [], runCommits: new Map(), diagnostics: [] };
    if (this.options.runStores === false) return empty;
    try {
      return await readRunStores(this.backend.workdir(), { locations: this.options.runStores ?? DEFAULT_RUN_STORES, registryOnly, readDb: this.readDb });
    } catch (e) {
      // A store we cannot read at all must not hide the models Git knows.
      return { ...empty, diagnostics: [{ severity: 'warning', message: `MLflow and W&B runs could not be read: ${e instanceof Error ? e.message : String(e)}` }] };
    }
  }

  /** Every model: one for-each-ref for the tags and one pass over the declaration files. */
  /**
   * Each model's highest registered, active Git version on `commit`, in the listing's order (what
   * the status bar names for HEAD), without leaving every model's versions built: the listing
   * builds a model's versions only when they are read.
   */
  versionsAt(commit: string, signal?: AbortSignal): Promise<Array<{ model: string; version: string }>> {
    return versionsAt(this.ctx, commit, signal);
  }

  list(signal?: AbortSignal): Promise<Listing> {
    const gen = this.generation;
    gen.listing ??= readListing(this.ctx, signal).catch((e) => {
      if (this.generation === gen) gen.listing = undefined;
      throw e;
    });
    return signal ? untilAborted(gen.listing, signal) : gen.listing;
  }

  /**
   * Brings the listing up to date after the named tags were created, moved or deleted: reads just
   * those refs and builds just their models again (store/updates.ts), so a new tag among 100,000
   * shows at once. Returns the models whose entries changed; undefined when there was no listing
   * to update or it could not be updated in place, and then the next list() reads everything.
   */
  updateTags(names: readonly string[]): Promise<string[] | undefined> {
    // A full read still running applies them itself, before anyone is handed its listing.
    noteChangedTags(this.ctx, names);
    this.updatesRunning++;
    const run = (this.tagUpdate ?? Promise.resolve()).then(() => applyTagUpdate(this.ctx, names)).finally(() => this.updatesRunning--);
    this.tagUpdate = run.catch(() => undefined);
    return run;
  }

  /** One model by name; reads only what that model needs unless the full listing is at hand. */
  async model(name: string, signal?: AbortSignal): Promise<ModelSummary> {
    if (!this.generation.listing) {
      const m = await singleModel(this.ctx, name, signal);
      if (m) return m;
    }
    const { models, datasets } = await this.list(signal);
    // A dataset is versioned like a model: show and diff read it by name too.
    const m = models.find((x) => x.name === name) ?? datasets.find((x) => x.name === name);
    if (!m) {
      const names = models.map((x) => x.name);
      const hint = names.length ? `known models: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : 'this repository has no models yet';
      throw new NotFoundError(`no model named '${name}' (${hint})`);
    }
    return m;
  }

  /** Resolves `churn@v1.2.0`, `churn#prod`, `churn@main`, `churn@workdir` (or a parsed operand). */
  resolve(operand: string | Operand, signal?: AbortSignal): Promise<ResolvedVersion> {
    return resolveOperand(this.ctx, operand, signal);
  }

  /** What a version is made of, read at its own commit (cached per model and commit). */
  record(v: ResolvedVersion): Promise<VersionRecord> {
    return recordOf(this.ctx, v);
  }

  /** Diffs two or more operands. */
  async diff(operands: ReadonlyArray<string | ResolvedVersion>, signal?: AbortSignal): Promise<{ diff: VersionDiff; records: VersionRecord[]; resolved: ResolvedVersion[] }> {
    if (operands.length < 2) throw new OperandError('a diff needs at least two versions');
    const resolved = await Promise.all(operands.map((o) => (typeof o === 'string' ? this.resolve(o, signal) : o)));
    const records = await Promise.all(resolved.map((r) => this.record(r)));
    const diff = diffRecords(resolved.map((r, i) => ({ label: r.label, record: records[i]! })));
    return { diff, records, resolved };
  }
}

/**
 * A read another caller started goes on under that caller's signal; this caller's signal still
 * ends its own wait (a Cancel in the view is never ignored because someone else asked first).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function abortError(): Error {
  const e = new Error('the read was cancelled');
  e.name = 'AbortError';
  return e;
}
