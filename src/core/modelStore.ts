// The engine behind every front end: which models a repository has, their versions from tags,
// what each version holds, and how versions differ.
import type { RepoBackend } from './backend';
import { definitionFiles, discoverModels, DEFAULT_EXCLUDES, type Discovery, type ModelDefinition } from './discovery';
import { diffRecords, type VersionDiff } from './diff';
import { MAX_STRUCTURED_BYTES } from './structuredText';
import { defaultModelName, isManifestPath } from './readers/manifest';
import { globMatcher } from './glob';
import { parseOperand, OperandError, type Operand } from './operand';
import { buildRegistry, RegistryBuilder, type Registry, type RegistryModel, type RegistryVersion } from './registry';
import { DEFAULT_CONVENTIONS, modelTagPrefix, type TagConventions } from './tagGrammar';
import type { Diagnostic, TagRef, VersionRecord } from './types';
import { readVersion } from './versionReader';

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
}

/** A model as listed: its registry entry (if it has tags) and its declaration (if it has one). */
export interface ModelSummary extends RegistryModel {
  definition?: ModelDefinition;
}

export interface Listing {
  models: ModelSummary[];
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
  registryVersion?: RegistryVersion;
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
  /** Models read one at a time (show, diff) before or without a full listing. */
  private readonly single = new Map<string, Promise<ModelSummary | undefined>>();
  private defFiles: Promise<string[] | undefined> | undefined;
  private readonly records = new Map<string, Promise<VersionRecord>>();
  /** model.yaml, *.model.yaml and whatever the user's manifest globs name. */
  private readonly isManifest: (path: string) => boolean;

  constructor(
    readonly backend: RepoBackend,
    private readonly options: StoreOptions = {},
  ) {
    const extra = options.manifestGlobs?.length ? globMatcher(options.manifestGlobs) : undefined;
    this.isManifest = extra ? (p) => isManifestPath(p) || extra(p) : isManifestPath;
  }

  /** Forgets everything read; the next call reads the repository again. */
  invalidate(): void {
    this.listing = undefined;
    this.tagIndex = undefined;
    this.tagsByName.clear();
    this.single.clear();
    this.defFiles = undefined;
    this.records.clear();
  }

  /** Every model: one for-each-ref for the tags and one pass over the declaration files. */
  list(signal?: AbortSignal): Promise<Listing> {
    this.listing ??= this.readListing(signal).catch((e) => {
      this.listing = undefined;
      throw e;
    });
    return this.listing;
  }

  /** The registry built from the tags alone (no file is read): what resolving a version needs. */
  private tags(signal?: AbortSignal): Promise<TagIndex> {
    // Tags are parsed and grouped by model while git is still writing them.
    const builder = new RegistryBuilder(this.options.conventions ?? DEFAULT_CONVENTIONS);
    this.tagIndex ??= this.backend.readTags(signal, (t) => {
      builder.add(t);
      this.tagsByName.set(t.name, t);
    }).then(
      (tags) => ({ tags, registry: builder.finish() }),
      (e) => {
        this.tagIndex = undefined;
        throw e;
      },
    );
    return this.tagIndex;
  }

  private async readListing(signal?: AbortSignal): Promise<Listing> {
    const [{ tags, registry }, discovery] = await Promise.all([this.tags(signal), this.discover()]);
    const models = mergeModels(registry, discovery.definitions);
    return { models, diagnostics: [...registry.diagnostics, ...discovery.diagnostics], tags };
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
      const part = await discoverModels(source, files.slice(i, i + DISCOVERY_SLICE), { namesOnly: this.options.namesOnly, isManifest: this.isManifest });
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
    const [tags, definition] = await Promise.all([this.tagsOf(name, signal), this.findDefinition(name)]);
    for (const t of tags) this.tagsByName.set(t.name, t);
    const registry = buildRegistry(tags, this.options.conventions ?? DEFAULT_CONVENTIONS);
    const tagged = registry.models.find((x) => x.name === name);
    if (tagged) return { ...tagged, definition };
    return definition ? untaggedModel(definition, registry.maxCounters.get(name) ?? 0) : undefined;
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
    const found = await discoverModels(source, files.filter((_, i) => candidates[i]), { isManifest: this.isManifest });
    return found.definitions.find((d) => d.name === name);
  }

  /** One model by name; reads only what that model needs unless the full listing is at hand. */
  async model(name: string, signal?: AbortSignal): Promise<ModelSummary> {
    if (!this.listing) {
      let one = this.single.get(name);
      if (!one) {
        one = this.readOneModel(name, signal);
        this.single.set(name, one);
        one.catch(() => this.single.delete(name));
      }
      const m = await one;
      if (m) return m;
    }
    const { models } = await this.list(signal);
    const m = models.find((x) => x.name === name);
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
    const tagOf = (v: RegistryVersion) => (v.tag ? this.tagsByName.get(v.tag) : undefined);
    switch (op.kind) {
      case 'workdir':
        return { model: model.name, version: 'workdir', label: `${model.name}@workdir`, commit: null };
      case 'latest': {
        const v = model.versions.find((x) => x.version === model.latest);
        if (!v) throw new NotFoundError(`${model.name} has no registered version yet`);
        return { model: model.name, version: v.version, label: `${model.name}@${v.version}`, commit: v.commit, tag: tagOf(v), registryVersion: v };
      }
      case 'version': {
        const v = model.versions.find((x) => x.version === op.version);
        if (!v) {
          const known = model.versions.filter((x) => x.registered).map((x) => x.version);
          throw new NotFoundError(`${model.name} has no version ${op.version}${known.length ? ` (versions: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''})` : ''}`);
        }
        return { model: model.name, version: v.version, label: `${model.name}@${v.version}`, commit: v.commit, tag: tagOf(v), registryVersion: v };
      }
      case 'stage': {
        const version = model.stages[op.stage];
        if (!version) {
          const known = Object.keys(model.stages);
          throw new NotFoundError(`no version of ${model.name} is in stage '${op.stage}'${known.length ? ` (stages: ${known.join(', ')})` : ''}`);
        }
        const v = model.versions.find((x) => x.version === version)!;
        return { model: model.name, version: v.version, label: `${model.name}#${op.stage}`, commit: v.commit, tag: tagOf(v), registryVersion: v };
      }
      case 'rev': {
        const commit = await this.backend.resolveCommit(op.rev, signal);
        if (!commit) throw new NotFoundError(`'${op.rev}' names no commit in this repository`);
        const v = model.versions.find((x) => x.commit === commit && x.registered && x.active);
        return { model: model.name, version: op.rev, label: `${model.name}@${op.rev}`, commit, tag: v ? tagOf(v) : undefined, registryVersion: v };
      }
    }
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
    const source = v.commit ? this.backend.sourceAt(v.commit) : this.backend.workdir();
    const code = v.commit ? await this.backend.codeInfo(v.commit, v.tag) : { commit: null };
    return readVersion(v.model, v.version, source, code, summary.definition, { isManifest: this.isManifest });
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

/** Manifests parsed per turn of the event loop during discovery. */
const DISCOVERY_SLICE = 16;

/** Tagged models with their declarations, then declared models that have no tags yet, by name. */
function mergeModels(registry: Registry, definitions: readonly ModelDefinition[]): ModelSummary[] {
  const defs = new Map(definitions.map((d) => [d.name, d]));
  const models: ModelSummary[] = registry.models.map((m) => ({ ...m, definition: defs.get(m.name) }));
  const tagged = new Set(models.map((m) => m.name));
  // A model whose only tags GTO ignores (lightweight ones) still owns their counters.
  for (const d of definitions) if (!tagged.has(d.name)) models.push(untaggedModel(d, registry.maxCounters.get(d.name) ?? 0));
  models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return models;
}

function untaggedModel(d: ModelDefinition, maxCounter: number): ModelSummary {
  return {
    name: d.name, dirname: d.kind === 'dvc-artifact' && d.folder ? d.folder : undefined, latest: null, deprecated: false,
    stages: {}, versions: [], stageEvents: [], maxCounter, convention: 'gto', definition: d,
  };
}
