// The engine behind every front end: which models a repository has, their versions from tags,
// what each version holds, and how versions differ.
import type { RepoBackend } from './backend';
import { definitionFiles, discoverModels, DEFAULT_EXCLUDES, type ModelDefinition } from './discovery';
import { diffRecords, type VersionDiff } from './diff';
import { parseOperand, OperandError, type Operand } from './operand';
import { buildRegistry, type Registry, type RegistryModel, type RegistryVersion } from './registry';
import { DEFAULT_CONVENTIONS, type TagConventions } from './tagGrammar';
import type { Diagnostic, TagRef, VersionRecord } from './types';
import { readVersion } from './versionReader';

export interface StoreOptions {
  conventions?: TagConventions;
  excludes?: readonly string[];
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
  private tagsByName: Map<string, TagRef> | undefined;
  private readonly records = new Map<string, Promise<VersionRecord>>();

  constructor(
    readonly backend: RepoBackend,
    private readonly options: StoreOptions = {},
  ) {}

  /** Forgets everything read; the next call reads the repository again. */
  invalidate(): void {
    this.listing = undefined;
    this.tagsByName = undefined;
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

  private async readListing(signal?: AbortSignal): Promise<Listing> {
    const [tags, discovery] = await Promise.all([this.backend.readTags(signal), this.discover()]);
    const registry: Registry = buildRegistry(tags, this.options.conventions ?? DEFAULT_CONVENTIONS);
    this.tagsByName = new Map(tags.map((t) => [t.name, t]));
    const defs = new Map(discovery.definitions.map((d) => [d.name, d]));
    const models: ModelSummary[] = registry.models.map((m) => ({ ...m, definition: defs.get(m.name) }));
    const tagged = new Set(models.map((m) => m.name));
    for (const d of discovery.definitions) {
      if (tagged.has(d.name)) continue;
      models.push({
        name: d.name, dirname: d.kind === 'dvc-artifact' && d.folder ? d.folder : undefined, latest: null, deprecated: false,
        stages: {}, versions: [], stageEvents: [], maxCounter: 0, convention: 'gto', definition: d,
      });
    }
    models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { models, diagnostics: [...registry.diagnostics, ...discovery.diagnostics], tags };
  }

  private async discover() {
    const source = this.backend.workdir();
    let files: string[];
    try {
      files = await source.listFiles();
    } catch {
      return { definitions: [], diagnostics: [] };
    }
    return discoverModels(source, definitionFiles(files, this.options.excludes ?? DEFAULT_EXCLUDES));
  }

  async model(name: string, signal?: AbortSignal): Promise<ModelSummary> {
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
    const tagOf = (v: RegistryVersion) => (v.tag ? this.tagsByName?.get(v.tag) : undefined);
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
    return readVersion(v.model, v.version, source, code, summary.definition);
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
