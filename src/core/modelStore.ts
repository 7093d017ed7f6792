// The engine behind every front end: which models a repository has, their versions from tags,
// what each version holds, and how versions differ.
import type { RepoBackend } from './backend';
import { declaredType, definitionFiles, discoverModels, folderModelName, isDatasetType, DEFAULT_EXCLUDES, type Discovery, type ModelDefinition } from './discovery';
import { dirOf } from './repoPath';
import { diffRecords, type VersionDiff } from './diff';
import { MAX_STRUCTURED_BYTES } from './structuredText';
import { defaultModelName, isManifestPath, MODEL_NAME } from './readers/manifest';
import { globMatcher } from './glob';
import { parseOperand, OperandError, type Operand } from './operand';
import { buildRegistry, RegistryBuilder, type Registry, type RegistryModel, type RegistryVersion } from './registry';
import { DEFAULT_CONVENTIONS, modelTagPrefix, type TagConventions } from './tagGrammar';
import { localModelFolders, readDbInPlace, readRunStores, runById, runsAt, DEFAULT_RUN_STORES, type DbReader, type RegisteredModel, type RunStoreLocations, type RunStores } from './runStores';
import { emptyRecord, type CodeInfo, type Diagnostic, type RunSummary, type TagRef, type VersionRecord } from './types';
import { addMlmodel, readVersion } from './versionReader';
import { readMlmodelAt } from './readers/mlflowModel';
import { setOwn } from './readers/sourceText';
import { applyTagChanges, putByName, MAX_NAMED_CHANGES, type NamedTagReader } from './tagUpdates';
import type { MlflowFileStore } from './readers/mlflowFileStore';
import { DvcStorage, type DvcStorageOptions } from './dvcCache';
import { DvcOutputSource } from './dvcOutputs';
import { addAvailability, missingContentNote } from './availability';
import type { FileSource } from './fileSource';
import type { StoragePort } from './storagePort';

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
}

/** An MLflow model registry version (from mlruns/models or mlflow.db), not a Git tag. */
export interface MlflowVersionInfo {
  /** `mlruns` or `mlflow.db`. */
  store: string;
  version: number;
  runId?: string;
  /** READY, PENDING_REGISTRATION, FAILED_REGISTRATION. */
  status?: string;
  /** MLflow's older stage (Staging, Production, Archived); None is left out. */
  stage?: string;
  aliases: string[];
  /** Where MLflow says the model's files are (`runs:/…`, `mlflow-artifacts:/…`, a path). */
  source?: string;
}

/** A version as listed: from a Git tag, or from an MLflow registry (then `mlflow` is set). */
export interface ModelVersion extends RegistryVersion {
  mlflow?: MlflowVersionInfo;
}

/** A model as listed: its registry entry (if it has tags) and its declaration (if it has one). */
export interface ModelSummary extends RegistryModel {
  definition?: ModelDefinition;
  /** The type its declaration gives (`model`, `dataset`, …); undefined when it declares none. */
  type?: string;
  versions: ModelVersion[];
  /** Set when MLflow's registry is where the model comes from (it has no tags and no declaration). */
  origin?: 'mlflow';
}

export interface Listing {
  /** The models: every artifact except those declared as data. */
  models: ModelSummary[];
  /**
   * Artifacts declared `type: dataset` (GTO, or a manifest's `type:`): versioned like models, but
   * not models, so kept out of `models` (and the tree, the status bar, the pickers).
   */
  datasets: ModelSummary[];
  diagnostics: Diagnostic[];
  tags: TagRef[];
}

/** A resolved operand: which model, which version, at which commit. */
export interface ResolvedVersion {
  model: string;
  /** `v1.2.0`, a revision as typed, or `workdir`. */
  version: string;
  label: string;
  commit: string | null;
  tag?: TagRef;
  registryVersion?: ModelVersion;
  /** For `churn#prod`: the stage that was asked for and the tag that assigned it (MLflow aliases have none). */
  stage?: { name: string; tag?: string };
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ModelStore {
  private listing: Promise<Listing> | undefined;
  private tagIndex: Promise<TagIndex> | undefined;
  private readonly tagsByName = new Map<string, TagRef>();
  private tagsIndexed = false;
  /** Models read one at a time (show, diff) before or without a full listing. */
  private readonly single = new Map<string, Promise<ModelSummary | undefined>>();
  private defFiles: Promise<string[] | undefined> | undefined;
  private readonly records = new Map<string, Promise<VersionRecord>>();
  private mlflowModels: Promise<RunStores> | undefined;
  /** The last mlflow.db parsed, by content: the listing and the runs read it once, not twice. */
  private dbCache: { key: string; store: Promise<MlflowFileStore> } | undefined;
  private runStoreRead: Promise<RunStores> | undefined;
  /** The DVC caches and remotes, with what was learned of them (an HTTP remote that is down). */
  private dvcStorage: DvcStorage | undefined;
  /** The last updateTags, so that updates apply one after the other. */
  private tagUpdate: Promise<unknown> | undefined;
  /** model.yaml, *.model.yaml and whatever the user's manifest globs name. */
  private readonly isManifest: (path: string) => boolean;
  /** The repository folder's name: what a model folder at the root is called. */
  private readonly rootName: string | undefined;

  constructor(
    readonly backend: RepoBackend,
    private readonly options: StoreOptions = {},
  ) {
    this.rootName = backend.root.split(/[\\/]/).filter(Boolean).pop();
    const extra = options.manifestGlobs?.length ? globMatcher(options.manifestGlobs) : undefined;
    this.isManifest = extra ? (p) => isManifestPath(p) || extra(p) : isManifestPath;
  }

  /** Forgets everything read; the next call reads the repository again. */
  invalidate(): void {
    this.listing = undefined;
    this.tagIndex = undefined;
    this.tagsByName.clear();
    this.tagsIndexed = false;
    this.single.clear();
    this.defFiles = undefined;
    this.records.clear();
    this.mlflowModels = undefined;
    this.runStoreRead = undefined;
    this.dvcStorage = undefined;
  }

  /** The DVC storage of this repository, when the store can reach storage at all. */
  dvc(): DvcStorage | undefined {
    if (!this.options.storage) return undefined;
    return (this.dvcStorage ??= new DvcStorage(this.options.storage, this.backend.root, this.options.dvc));
  }

  /** A version's files with its DVC outputs readable from the cache or remote. */
  outputsAt(source: FileSource): DvcOutputSource | undefined {
    const dvc = this.dvc();
    return dvc ? new DvcOutputSource(source, dvc) : undefined;
  }

  /** Reads a version's record and says where the content of each of its hashes is. */
  private async readVersionAt(model: string, version: string, source: FileSource, code: CodeInfo, definition?: ModelDefinition): Promise<VersionRecord> {
    const outputs = this.outputsAt(source);
    const record = await readVersion(model, version, source, code, definition, { isManifest: this.isManifest, outputs });
    const dvc = this.dvc();
    if (dvc && this.options.storage) {
      await addAvailability(record, { dvc, io: this.options.storage, source });
      const note = missingContentNote(record);
      if (note) record.diagnostics.push(note);
    }
    return record;
  }

  /**
   * Every run in the working tree's MLflow and W&B stores (read once, then cached until
   * invalidate): what a version's record links by commit.
   */
  runs(): Promise<RunStores> {
    this.runStoreRead ??= this.readStores(false);
    return this.runStoreRead;
  }

  /** Just the MLflow registries (and their runs' commits): what the model listing needs. */
  private registeredModels(): Promise<RunStores> {
    this.mlflowModels ??= this.runStoreRead ?? this.readStores(true);
    return this.mlflowModels;
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
  list(signal?: AbortSignal): Promise<Listing> {
    this.listing ??= this.readListing(signal).catch((e) => {
      this.listing = undefined;
      throw e;
    });
    return this.listing;
  }

  /**
   * Brings the listing up to date after the named tags were created, moved or deleted: reads just
   * those refs and builds just their models again (tagUpdates.ts), so a new tag among 100,000
   * shows at once. Returns the models whose entries changed; undefined when there was no listing
   * to update or it could not be updated in place, and then the next list() reads everything.
   */
  updateTags(names: readonly string[]): Promise<string[] | undefined> {
    const run = (this.tagUpdate ?? Promise.resolve()).then(() => this.applyTagUpdate(names));
    this.tagUpdate = run.catch(() => undefined);
    return run;
  }

  private async applyTagUpdate(names: readonly string[]): Promise<string[] | undefined> {
    const listing = this.listing;
    const index = this.tagIndex;
    const backend = this.backend as RepoBackend & Partial<NamedTagReader>;
    if (!listing || !index || !backend.readNamedTags || names.length > MAX_NAMED_CHANGES) {
      this.invalidate();
      return undefined;
    }
    const conventions = this.options.conventions ?? DEFAULT_CONVENTIONS;
    let read: [Listing, TagIndex, RunStores, TagRef[]];
    try {
      read = await Promise.all([listing, index, this.registeredModels(), backend.readNamedTags(names)]);
    } catch {
      // A ref git cannot read by name (its commit is missing, say): the full read deals with it.
      if (this.listing === listing) this.invalidate();
      return undefined;
    }
    // A refresh in the meantime reads everything anyway.
    if (this.listing !== listing || this.tagIndex !== index) return undefined;
    const [before, tagState, stores, fresh] = read;
    const update = applyTagChanges(tagState, names, fresh, conventions);
    if (!update) {
      this.invalidate();
      return undefined;
    }
    const { registry } = update.state;
    // Datasets are models by their tags: updated together, then set apart as readListing does.
    const all = [...before.models, ...before.datasets];
    for (const name of update.models) {
      // As readOneModel builds a model: its registry entry, its declaration, its MLflow versions.
      const definition = all.find((m) => m.name === name)?.definition;
      const tagged = registry.models.find((m) => m.name === name);
      const found: ModelSummary[] = tagged ? [{ ...tagged, definition }] : definition ? [untaggedModel(definition, registry.maxCounters.get(name) ?? 0)] : [];
      putByName(all, name, mergeMlflow(found, { ...stores, registry: stores.registry.filter((m) => m.name === name) })[0]);
      this.single.delete(name);
      for (const key of this.records.keys()) if (key.startsWith(`${name}\0`)) this.records.delete(key);
    }
    for (const n of names) this.tagsByName.delete(n);
    for (const t of fresh) this.tagsByName.set(t.name, t);
    const diagnostics = [...registry.diagnostics, ...before.diagnostics.slice(tagState.registry.diagnostics.length)];
    const models = all.filter((m) => !isDatasetType(m.type));
    const datasets = all.filter((m) => isDatasetType(m.type));
    this.listing = Promise.resolve({ models, datasets, diagnostics, tags: update.state.tags });
    this.tagIndex = Promise.resolve(update.state);
    return update.models;
  }

  /** The registry built from the tags alone (no file is read): what resolving a version needs. */
  private tags(signal?: AbortSignal): Promise<TagIndex> {
    // Tags are parsed and grouped by model while git is still writing them.
    const builder = new RegistryBuilder(this.options.conventions ?? DEFAULT_CONVENTIONS);
    this.tagIndex ??= this.backend.readTags(signal, (t) => builder.add(t)).then(
      async (tags) => ({ tags, registry: await builder.finishInSlices(10, signal) }),
      (e) => {
        this.tagIndex = undefined;
        throw e;
      },
    );
    return this.tagIndex;
  }

  private async readListing(signal?: AbortSignal): Promise<Listing> {
    const [{ tags, registry }, discovery, stores] = await Promise.all([this.tags(signal), this.discover(), this.registeredModels()]);
    const all = mergeMlflow(mergeModels(registry, discovery.definitions), stores);
    const models = all.filter((m) => !isDatasetType(m.type));
    const datasets = all.filter((m) => isDatasetType(m.type));
    return { models, datasets, diagnostics: [...registry.diagnostics, ...discovery.diagnostics, ...stores.diagnostics], tags };
  }

  private definitionFiles(): Promise<string[] | undefined> {
    this.defFiles ??= this.backend
      .workdir()
      .listFiles()
      .then(
        (files) => definitionFiles(files, this.options.excludes ?? DEFAULT_EXCLUDES, this.isManifest),
        () => undefined, // a bare repository, say: no working tree to discover
      );
    return this.defFiles;
  }

  private async discover(): Promise<Discovery> {
    const files = await this.definitionFiles();
    if (!files) return { definitions: [], diagnostics: [] };
    // Parsing hundreds of manifests is CPU work; in slices, with a turn of the event loop between
    // them, so the concurrent `git for-each-ref` keeps streaming instead of waiting on a full pipe.
    const source = this.backend.workdir();
    const definitions: ModelDefinition[] = [];
    const diagnostics: Diagnostic[] = [];
    const seen = new Map<string, ModelDefinition>();
    for (let i = 0; i < files.length; i += DISCOVERY_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const part = await discoverModels(source, files.slice(i, i + DISCOVERY_SLICE), { namesOnly: this.options.namesOnly, isManifest: this.isManifest, rootName: this.rootName });
      diagnostics.push(...part.diagnostics);
      for (const d of part.definitions) {
        // The same rule discoverModels applies within one call: the first file in path order wins.
        const prev = seen.get(d.name);
        if (prev) {
          diagnostics.push({ severity: 'warning', file: d.file, message: `${d.file}: model '${d.name}' is also declared in ${prev.file}; the first one is used` });
          continue;
        }
        seen.set(d.name, d);
        definitions.push(d);
      }
    }
    return { definitions, diagnostics };
  }

  /** One model from its own tags and its own declaration; undefined when it has neither. */
  private async readOneModel(name: string, signal?: AbortSignal): Promise<ModelSummary | undefined> {
    const [tags, definition, stores] = await Promise.all([this.tagsOf(name, signal), this.findDefinition(name), this.registeredModels()]);
    for (const t of tags) this.tagsByName.set(t.name, t);
    const registry = buildRegistry(tags, this.options.conventions ?? DEFAULT_CONVENTIONS);
    const tagged = registry.models.find((x) => x.name === name);
    const found: ModelSummary[] = tagged ? [withDefinition(tagged, definition)] : definition ? [untaggedModel(definition, registry.maxCounters.get(name) ?? 0)] : [];
    return mergeMlflow(found, { ...stores, registry: stores.registry.filter((m) => m.name === name) })[0];
  }

  /** The tags that can belong to one model; all of them when the backend cannot narrow the read. */
  private async tagsOf(name: string, signal?: AbortSignal): Promise<TagRef[]> {
    const backend = this.backend as RepoBackend & Partial<PrefixTagReader>;
    if (!backend.readTagsWithPrefixes) return (await this.tags(signal)).tags;
    const conventions = this.options.conventions ?? DEFAULT_CONVENTIONS;
    // Every GTO tag of a model starts with its name and then '@' or '#' (names hold neither).
    const prefixes: string[] = [];
    if (conventions.gto) prefixes.push(`${modelTagPrefix(name)}@`, `${modelTagPrefix(name)}#`);
    if (conventions.plainModel === name) prefixes.push('v');
    if (conventions.prefix) prefixes.push(`${conventions.prefix}/${name}/`);
    return prefixes.length ? backend.readTagsWithPrefixes(prefixes, signal) : [];
  }

  /**
   * Where one model is declared in the working tree, reading only the files that could declare
   * it: a manifest whose text names it (or whose folder gives it its name) and the dvc.yaml or
   * artifacts.yaml that would hold it. Gives the same answer as a full discovery.
   */
  private async findDefinition(name: string): Promise<ModelDefinition | undefined> {
    const files = await this.definitionFiles();
    if (!files) return undefined;
    const source = this.backend.workdir();
    const colon = name.indexOf(':');
    const folder = colon > 0 ? name.slice(0, colon) : '';
    const candidates = await Promise.all(
      files.map(async (file) => {
        if (isFolderModelFile(file)) return folderModelName(dirOf(file), this.rootName) === name;
        if (!this.isManifest(file)) {
          return colon > 0 ? file === `${folder}/dvc.yaml` : file === 'dvc.yaml' || file === 'artifacts.yaml';
        }
        if (colon > 0) return false; // manifests declare plain names
        if (defaultModelName(file) === name) return true;
        const read = await source.read(file, MAX_STRUCTURED_BYTES);
        // An escape sequence could spell the name without containing it: parse those too.
        return read.kind !== 'file' || read.text.includes(name) || read.text.includes('\\');
      }),
    );
    const found = await discoverModels(source, files.filter((_, i) => candidates[i]), { isManifest: this.isManifest, rootName: this.rootName });
    return found.definitions.find((d) => d.name === name);
  }

  /** Whether a model of that name exists, without a full listing when there is none yet. */
  private async isModel(name: string): Promise<boolean> {
    if (this.listing) return (await this.list()).models.some((m) => m.name === name);
    return (await this.singleModel(name).catch(() => undefined)) !== undefined;
  }

  /** One model read on its own (cached; a failed read is forgotten so the next one retries). */
  private singleModel(name: string, signal?: AbortSignal): Promise<ModelSummary | undefined> {
    let one = this.single.get(name);
    if (!one) {
      one = this.readOneModel(name, signal);
      this.single.set(name, one);
      one.catch(() => this.single.delete(name));
    }
    return one;
  }

  /** One model by name; reads only what that model needs unless the full listing is at hand. */
  async model(name: string, signal?: AbortSignal): Promise<ModelSummary> {
    if (!this.listing) {
      const m = await this.singleModel(name, signal);
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
  async resolve(operand: string | Operand, signal?: AbortSignal): Promise<ResolvedVersion> {
    const op = typeof operand === 'string' ? parseOperand(operand) : operand;
    const model = await this.model(op.model, signal);
    await this.indexTags();
    const tagOf = (v: RegistryVersion) => (v.tag ? this.tagsByName.get(v.tag) : undefined);
    switch (op.kind) {
      case 'workdir':
        return { model: model.name, version: 'workdir', label: `${model.name}@workdir`, commit: null };
      case 'latest': {
        const v = model.versions.find((x) => x.version === model.latest);
        if (!v) throw new NotFoundError(`${model.name} has no registered version yet`);
        return { model: model.name, version: v.version, label: `${model.name}@${v.version}`, commit: v.commit || null, tag: tagOf(v), registryVersion: v };
      }
      case 'version': {
        const v = model.versions.find((x) => x.version === op.version);
        if (!v) {
          const known = model.versions.filter((x) => x.registered).map((x) => x.version);
          throw new NotFoundError(`${model.name} has no version ${op.version}${known.length ? ` (versions: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''})` : ''}`);
        }
        return { model: model.name, version: v.version, label: `${model.name}@${v.version}`, commit: v.commit || null, tag: tagOf(v), registryVersion: v };
      }
      case 'stage': {
        // hasOwn: a stage typed as `constructor` must not find Object.prototype's.
        const version = Object.hasOwn(model.stages, op.stage) ? model.stages[op.stage] : undefined;
        if (!version) {
          const known = Object.keys(model.stages);
          throw new NotFoundError(`no version of ${model.name} is in stage '${op.stage}'${known.length ? ` (stages: ${known.join(', ')})` : ''}`);
        }
        const v = model.versions.find((x) => x.version === version)!;
        // The newest assignment of the stage on that commit is the one holding it.
        const assigned = model.stageEvents.filter((e) => e.stage === op.stage && e.action === 'assign' && e.commit === v.commit).pop();
        const stage = { name: op.stage, ...(assigned ? { tag: assigned.tag } : {}) };
        return { model: model.name, version: v.version, label: `${model.name}#${op.stage}`, commit: v.commit || null, tag: tagOf(v), registryVersion: v, stage };
      }
      case 'rev': {
        // An MLflow registry version (`churn@3`) before a Git revision of the same spelling.
        const registered = model.versions.find((x) => x.mlflow && x.version === op.rev);
        if (registered) return { model: model.name, version: registered.version, label: `${model.name}@${registered.version}`, commit: registered.commit || null, registryVersion: registered };
        if (model.origin === 'mlflow' && /^\d+$/.test(op.rev)) {
          throw new NotFoundError(`${model.name} has no MLflow version ${op.rev} (versions: ${model.versions.map((x) => x.version).slice(0, 8).join(', ')})`);
        }
        const commit = await this.backend.resolveCommit(op.rev, signal);
        if (!commit) throw new NotFoundError(`'${op.rev}' names no commit in this repository`);
        const v = model.versions.find((x) => x.commit === commit && x.registered && x.active);
        return { model: model.name, version: op.rev, label: `${model.name}@${op.rev}`, commit, tag: v ? tagOf(v) : undefined, registryVersion: v };
      }
    }
  }

  /** The full read's tags by name, indexed only when a version is resolved (list never needs it). */
  private async indexTags(): Promise<void> {
    if (this.tagIndex && !this.tagsIndexed) {
      for (const t of (await this.tagIndex).tags) this.tagsByName.set(t.name, t);
      this.tagsIndexed = true;
    }
  }

  /**
   * The tag a version's record reads its tagger and message from. A version built from a listing
   * row (the tree's) names its tag only by name; the record is cached per model, commit and
   * version, so whoever reads it first must not leave the tagger out for everyone after.
   */
  private async tagFor(v: ResolvedVersion): Promise<TagRef | undefined> {
    if (v.tag || !v.registryVersion?.tag) return v.tag;
    await this.indexTags();
    return this.tagsByName.get(v.registryVersion.tag);
  }

  /** What a version is made of, read at its own commit (cached per model and commit). */
  record(v: ResolvedVersion): Promise<VersionRecord> {
    const key = `${v.model}\0${v.commit ?? 'workdir'}\0${v.version}`;
    let p = this.records.get(key);
    if (!p) {
      p = this.readRecord(v);
      // Working-tree records are never cached: the files change under us.
      if (v.commit) this.records.set(key, p);
    }
    return p;
  }

  private async readRecord(v: ResolvedVersion): Promise<VersionRecord> {
    const summary = await this.model(v.model);
    const mlflow = v.registryVersion?.mlflow;
    if (mlflow) return this.readMlflowRecord(v, mlflow, summary);
    const source = v.commit ? this.backend.sourceAt(v.commit) : this.backend.workdir();
    const code = v.commit ? await this.backend.codeInfo(v.commit, await this.tagFor(v)) : { commit: null };
    const [record, stores] = await Promise.all([
      this.readVersionAt(v.model, v.version, source, code, summary.definition),
      v.commit ? this.runs() : undefined,
    ]);
    if (stores && v.commit) {
      const atCommit = runsAt(stores.runs, v.commit);
      record.runs = atCommit.length ? await this.ownRuns(v.model, atCommit, stores) : [];
      // An MLmodel names the run that logged it, wherever that run's code was.
      const named = record.mlflowRunId ? runById(stores.runs, 'mlflow', record.mlflowRunId) : undefined;
      if (named) record.runs = [named, ...record.runs.filter((r) => r !== named)];
    }
    return record;
  }

  /**
   * Of the runs at a version's commit, those of this model. Git cannot tell which of several
   * models at one commit a run trained, so a run goes to every model unless it says whose it is:
   * the source run of a registered model's version, or a run in an MLflow experiment named after
   * a model, belongs to that model only.
   */
  private async ownRuns(model: string, runs: RunSummary[], stores: RunStores): Promise<RunSummary[]> {
    // Which experiment names are models: from the listing when there is one, else one model at a
    // time (show and diff must not read every tag to answer this).
    const experiments = [...new Set(runs.map((r) => (r.source === 'mlflow' ? r.experiment : undefined)).filter((e): e is string => !!e))];
    const registered = new Set(stores.registry.map((m) => m.name));
    // An experiment name that no model could have (spaces, `*`…) is not looked up in Git at all.
    const known = await Promise.all(experiments.map((e) => e === model || registered.has(e) || (MODEL_NAME.test(e) && this.isModel(e))));
    const names = new Set(experiments.filter((_, i) => known[i]));
    const sourceOf = new Map<string, Set<string>>();
    for (const m of stores.registry) for (const x of m.versions) if (x.runId) (sourceOf.get(x.runId) ?? sourceOf.set(x.runId, new Set()).get(x.runId)!).add(m.name);
    return runs.filter((r) => {
      const owners = new Set(r.source === 'mlflow' ? sourceOf.get(r.id) : undefined);
      if (r.experiment && names.has(r.experiment)) owners.add(r.experiment);
      return owners.size === 0 || owners.has(model);
    });
  }

  /**
   * An MLflow registry version: its source run's params and metrics, and, when the run recorded
   * the commit it ran at and the model is declared in Git, the model's files at that commit.
   */
  private async readMlflowRecord(v: ResolvedVersion, mlflow: MlflowVersionInfo, summary: ModelSummary): Promise<VersionRecord> {
    const stores = await this.runs();
    const commit = v.commit && (await this.backend.resolveCommit(v.commit).catch(() => undefined));
    let record: VersionRecord;
    if (commit && summary.definition) {
      record = await this.readVersionAt(v.model, v.version, this.backend.sourceAt(commit), await this.backend.codeInfo(commit), summary.definition);
    } else {
      record = emptyRecord(v.model, v.version, commit || null);
      if (commit) record.code = await this.backend.codeInfo(commit);
      else if (v.commit) record.diagnostics.push({ severity: 'info', message: `the commit ${v.commit.slice(0, 12)} that MLflow run ${mlflow.runId ?? ''} recorded is not in this repository` });
    }
    record.description ??= v.registryVersion?.message;
    const run = mlflow.runId ? runById(stores.runs, 'mlflow', mlflow.runId) : undefined;
    // The registered model's own MLmodel, when its artifacts are in the working tree: flavors and
    // signature then compare between versions like any config. Each version's folder differs (the
    // run id is in it), so the config is keyed `MLmodel` for the rows to line up.
    const locations = this.options.runStores === false ? undefined : (this.options.runStores ?? DEFAULT_RUN_STORES);
    for (const folder of locations ? localModelFolders(mlflow.source, run, locations.mlruns) : []) {
      const m = await readMlmodelAt(this.backend.workdir(), folder);
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
 * A backend that can read just the tags whose names start with given prefixes (GitRepository
 * can): showing one model of a registry with thousands of tags then reads a few dozen.
 */
export interface PrefixTagReader {
  readTagsWithPrefixes(prefixes: readonly string[], signal?: AbortSignal): Promise<TagRef[]>;
}

interface TagIndex {
  tags: TagRef[];
  registry: Registry;
}


function isFolderModelFile(file: string): boolean {
  return file === 'MLmodel' || file.endsWith('/MLmodel') || file === 'config.json' || file.endsWith('/config.json');
}

/** Manifests parsed per turn of the event loop during discovery. */
const DISCOVERY_SLICE = 16;

/** Tagged models with their declarations, then declared models that have no tags yet, by name. */
function mergeModels(registry: Registry, definitions: readonly ModelDefinition[]): ModelSummary[] {
  const defs = new Map(definitions.map((d) => [d.name, d]));
  const models: ModelSummary[] = registry.models.map((m) => withDefinition(m, defs.get(m.name)));
  const tagged = new Set(models.map((m) => m.name));
  // A model whose only tags GTO ignores (lightweight ones) still owns their counters.
  for (const d of definitions) if (!tagged.has(d.name)) models.push(untaggedModel(d, registry.maxCounters.get(d.name) ?? 0));
  models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return models;
}

/**
 * Adds the MLflow registries' models: their versions join a Git model of the same name (after
 * its tagged versions) or make a model of their own, marked as coming from MLflow.
 */
function mergeMlflow(models: ModelSummary[], stores: RunStores): ModelSummary[] {
  if (stores.registry.length === 0) return models;
  // One list per model name over every store; a version in two stores (mlruns and mlflow.db)
  // counts once, from the store read first.
  const registered = new Map<string, ModelVersion[]>();
  for (const reg of stores.registry) {
    const list = registered.get(reg.name) ?? registered.set(reg.name, []).get(reg.name)!;
    for (const v of mlflowVersions(reg, stores.runCommits)) if (!list.some((x) => x.version === v.version)) list.push(v);
  }
  const byName = new Map(models.map((m) => [m.name, m]));
  const added: ModelSummary[] = [];
  for (const [name, list] of registered) {
    const versions = list.sort((a, b) => b.mlflow!.version - a.mlflow!.version);
    const stages = mlflowStages(versions);
    const latest = versions.find((v) => v.active)?.version ?? null;
    const existing = byName.get(name);
    if (existing) {
      // Tagged versions first (GTO's order), then MLflow's; GTO's stages and latest win, so an
      // alias named like a GTO stage stays in `mlflow.aliases` but is not shown as that stage.
      const gtoStages = new Set(Object.keys(existing.stages));
      for (const v of versions) v.stages = v.stages.filter((st) => !gtoStages.has(st));
      existing.versions = [...existing.versions, ...versions];
      for (const [stage, version] of Object.entries(stages)) if (!Object.hasOwn(existing.stages, stage)) setOwn(existing.stages, stage, version);
      existing.latest ??= latest;
      continue;
    }
    added.push({ name, latest, deprecated: false, stages, versions, stageEvents: [], maxCounter: 0, convention: 'gto', origin: 'mlflow' });
  }
  if (added.length === 0) return models;
  return [...models, ...added].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function mlflowVersions(reg: RegisteredModel, commits: ReadonlyMap<string, string>): ModelVersion[] {
  return [...reg.versions]
    .sort((a, b) => b.version - a.version)
    .map((v) => {
      const aliases = Object.entries(reg.aliases).filter(([, n]) => n === v.version).map(([a]) => a).sort();
      const stage = v.stage && v.stage !== 'None' ? v.stage : undefined;
      return {
        version: String(v.version),
        commit: (v.runId && commits.get(v.runId)) || '',
        date: v.creationTime !== undefined ? Math.floor(v.creationTime / 1000) : null,
        message: v.description,
        registered: true,
        active: v.status !== 'FAILED_REGISTRATION',
        stages: [...aliases, ...(stage && stage !== 'Archived' ? [stage] : [])],
        stageTags: [],
        mlflow: { store: reg.store, version: v.version, runId: v.runId, status: v.status, stage, aliases, source: v.source },
      };
    });
}

/** Alias or stage → version; with several versions in one stage (MLflow allows it), the highest. */
function mlflowStages(versions: readonly ModelVersion[]): Record<string, string> {
  const stages: Record<string, string> = {};
  for (const v of versions) for (const s of v.stages) if (!Object.hasOwn(stages, s)) setOwn(stages, s, v.version);
  return stages;
}

function withDefinition(m: RegistryModel, d: ModelDefinition | undefined): ModelSummary {
  const type = declaredType(d);
  return { ...m, definition: d, ...(type !== undefined ? { type } : {}) };
}

function untaggedModel(d: ModelDefinition, maxCounter: number): ModelSummary {
  const type = declaredType(d);
  return {
    name: d.name, dirname: d.kind === 'dvc-artifact' && d.folder ? d.folder : undefined, latest: null, deprecated: false,
    stages: {}, versions: [], stageEvents: [], maxCounter, convention: 'gto', definition: d, ...(type !== undefined ? { type } : {}),
  };
}
