// Which models a repository has: every tag read once (grouped by model while git still writes
// them), the working tree's declarations, the MLflow registries; or one model read on its own.
import type { RepoBackend } from '../backend';
import { declaredType, definitionFiles, discoverModels, folderModelName, isDatasetType, DEFAULT_EXCLUDES, type Discovery, type ModelDefinition } from '../discovery';
import { dirOf } from '../repoPath';
import { MAX_STRUCTURED_BYTES } from '../structuredText';
import { defaultModelName } from '../readers/manifest';
import { buildRegistry, buildRegistryInSlices, copyModel, RegistryBuilder, type Registry, type RegistryModel } from '../registry';
import { modelTagPrefix } from '../tagGrammar';
import { applyTagChanges, MAX_NAMED_CHANGES, type NamedTagReader } from '../tagUpdates';
import type { Diagnostic, ModelVersion, TagRef } from '../types';
import type { StoreContext } from './context';
import type { Generation, TagIndex } from './generation';
import { mergeMlflow, storesOf } from './mlflowMerge';
import { TagList, type TableTagReader, type TagTable } from './tagTable';

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

/**
 * A backend that can read just the tags whose names start with given prefixes (GitRepository
 * can): showing one model of a registry with thousands of tags then reads a few dozen.
 */
export interface PrefixTagReader {
  readTagsWithPrefixes(prefixes: readonly string[], signal?: AbortSignal): Promise<TagRef[]>;
}

/** Manifests parsed per turn of the event loop during discovery. */
const DISCOVERY_SLICE = 16;

/** Every model: one for-each-ref for the tags and one pass over the declaration files. */
export async function readListing(ctx: StoreContext, signal?: AbortSignal): Promise<Listing> {
  const [index, discovery, stores] = await Promise.all([tagIndex(ctx, signal), discover(ctx), ctx.registeredModels()]);
  const { registry } = index;
  return splitDatasets(mergeMlflow(mergeModels(registry, discovery.definitions), stores), [...registry.diagnostics, ...discovery.diagnostics, ...stores.diagnostics], () => index.tags);
}

/**
 * Datasets are models by their tags, set apart once built. The listing's `tags` are made from
 * the table each time they are read: kept, they were most of the listing's memory.
 */
export function splitDatasets(all: ModelSummary[], diagnostics: Diagnostic[], tags: () => TagList): Listing {
  const models = all.filter((m) => !isDatasetType(m.type));
  const datasets = all.filter((m) => isDatasetType(m.type));
  return {
    models,
    datasets,
    diagnostics,
    get tags() {
      return tags().toArray();
    },
  };
}

/** The registry built from the tags alone (no file is read), read once per generation. */
export function tagIndex(ctx: StoreContext, signal?: AbortSignal): Promise<TagIndex> {
  const gen = ctx.gen();
  if (gen.tagIndex) return gen.tagIndex;
  // Tags are parsed and grouped by model while git is still writing them.
  const builder = new RegistryBuilder(ctx.conventions, ctx.options.versionsOnRead);
  gen.changedDuringRead = new Set();
  const backend = ctx.backend as RepoBackend & Partial<TableTagReader>;
  // The table is for a long-lived store (the editor), whose memory it saves. A CLI run lives a
  // moment and mostly never asks for the tags again: it parses TagRefs, and makes the table
  // only if something asks (filling the table and collecting it cost a run 15% at 13,500 tags).
  const read: Promise<() => TagList> =
    backend.readTagTable && ctx.options.versionsOnRead
      ? backend.readTagTable(signal, (table, row) => builder.addRow(table, row)).then(tableList)
      : ctx.backend.readTags(signal, (t) => builder.add(t)).then(refsList);
  gen.tagIndex = read
    .then(async (tags) => withLateChanges(ctx, gen, lazyIndex(tags, await builder.finishInSlices(10, signal)), signal))
    .catch((e: unknown) => {
      gen.changedDuringRead = undefined;
      if (gen.tagIndex === index) gen.tagIndex = undefined;
      throw e;
    });
  const index = gen.tagIndex;
  return index;
}

// The listing keeps these two functions as long as it lives. Made out here, not inside tagIndex:
// a closure made there keeps tagIndex's scope, and with it the builder and everything it held
// while reading (a ParsedTag per tag: 65 bytes a tag at 100,000 tags, found in a heap snapshot).
function tableList(table: TagTable): () => TagList {
  const list = TagList.of(table);
  return () => list;
}

function refsList(refs: TagRef[]): () => TagList {
  let list: TagList | undefined;
  return () => (list ??= TagList.fromRefs(refs));
}

/** A TagIndex whose TagList is made when first read. */
function lazyIndex(tags: () => TagList, registry: TagIndex['registry']): TagIndex {
  return {
    registry,
    get tags() {
      return tags();
    },
  };
}

/**
 * Each model's highest registered, active Git version on `commit`, in the listing's order: what
 * the status bar names for HEAD. Built from the tags on that commit alone (a version's being
 * registered and active there is decided by its registrations on that commit), so that the
 * question leaves no model's versions built and reads a tenth of the tags where ten commits hold them.
 */
export async function versionsAt(ctx: StoreContext, commit: string, signal?: AbortSignal): Promise<Array<{ model: string; version: string }>> {
  const [{ models }, { tags }] = await Promise.all([ctx.list(signal), tagIndex(ctx, signal)]);
  const there = tags.table.rowsTargeting(commit, tags.rows()).map((row) => tags.table.ref(row, false));
  // Where one commit holds every model's version (a release of all of them), this is thousands
  // of tags: built in slices, as the listing is.
  const built = new Map((await buildRegistryInSlices(there, ctx.conventions, 10, signal)).models.map((m) => [m.name, m]));
  const at: Array<{ model: string; version: string }> = [];
  for (const m of models) {
    const v = built.get(m.name)?.versions.find((x) => x.commit === commit && x.registered && x.active);
    if (v) at.push({ model: m.name, version: v.version });
  }
  return at;
}

/**
 * The tags reported changed while git was listing them (it may have listed each before or after
 * its change), read again by name and applied before the read is handed out: whoever asked for
 * the listing during the read gets the new tags too, not a listing that an update must mend.
 */
async function withLateChanges(ctx: StoreContext, gen: Generation, read: TagIndex, signal?: AbortSignal): Promise<TagIndex> {
  const backend = ctx.backend as RepoBackend & Partial<NamedTagReader>;
  let state = read;
  for (let late = gen.changedDuringRead; late?.size; late = gen.changedDuringRead) {
    gen.changedDuringRead = new Set();
    // Too many, or no way to read them by name: updateTags reads everything again instead.
    if (!backend.readNamedTags || late.size > MAX_NAMED_CHANGES) break;
    const names = [...late];
    const fresh = await backend.readNamedTags(names, signal).catch(() => undefined);
    const update = fresh && applyTagChanges(state, names, fresh, ctx.conventions);
    if (!update) break;
    state = update.state;
  }
  // From here on, updateTags finds the read done and applies its names to it.
  gen.changedDuringRead = undefined;
  return state;
}

function definitionFilesOf(ctx: StoreContext): Promise<string[] | undefined> {
  const gen = ctx.gen();
  gen.defFiles ??= ctx.backend
    .workdir()
    .listFiles()
    .then(
      (files) => definitionFiles(files, ctx.options.excludes ?? DEFAULT_EXCLUDES, ctx.isManifest),
      () => undefined, // a bare repository, say: no working tree to discover
    );
  return gen.defFiles;
}

async function discover(ctx: StoreContext): Promise<Discovery> {
  const files = await definitionFilesOf(ctx);
  if (!files) return { definitions: [], diagnostics: [] };
  // Parsing hundreds of manifests is CPU work; in slices, with a turn of the event loop between
  // them, so the concurrent `git for-each-ref` keeps streaming instead of waiting on a full pipe.
  const source = ctx.backend.workdir();
  const definitions: ModelDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, ModelDefinition>();
  for (let i = 0; i < files.length; i += DISCOVERY_SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const part = await discoverModels(source, files.slice(i, i + DISCOVERY_SLICE), { namesOnly: ctx.options.namesOnly, isManifest: ctx.isManifest, rootName: ctx.rootName });
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
async function readOneModel(ctx: StoreContext, name: string, signal?: AbortSignal): Promise<ModelSummary | undefined> {
  const gen = ctx.gen();
  const [tags, definition, stores] = await Promise.all([tagsOf(ctx, name, signal), findDefinition(ctx, name), ctx.registeredModels()]);
  for (const t of tags) gen.tagsByName.set(t.name, t);
  const registry = buildRegistry(tags, ctx.conventions);
  return modelFrom(registry, name, definition, stores);
}

/** As a model read on its own is built: its registry entry, its declaration, its MLflow versions. */
export function modelFrom(registry: Registry, name: string, definition: ModelDefinition | undefined, stores: Parameters<typeof mergeMlflow>[1]): ModelSummary | undefined {
  const tagged = registry.models.find((x) => x.name === name);
  const found: ModelSummary[] = tagged ? [withDefinition(tagged, definition)] : definition ? [untaggedModel(definition, registry.maxCounters.get(name) ?? 0)] : [];
  return mergeMlflow(found, storesOf(stores, name))[0];
}

/** The tags that can belong to one model; all of them when the backend cannot narrow the read. */
async function tagsOf(ctx: StoreContext, name: string, signal?: AbortSignal): Promise<TagRef[]> {
  const backend = ctx.backend as RepoBackend & Partial<PrefixTagReader>;
  if (!backend.readTagsWithPrefixes) return (await tagIndex(ctx, signal)).tags.toArray();
  const conventions = ctx.conventions;
  // Every GTO tag of a model starts with its name and then '@' or '#' (names hold neither).
  const prefixes: string[] = [];
  if (conventions.gto) prefixes.push(`${modelTagPrefix(name)}@`, `${modelTagPrefix(name)}#`);
  if (conventions.plainModel === name) prefixes.push('v');
  if (conventions.prefix) prefixes.push(`${conventions.prefix}/${name}/`);
  return prefixes.length ? backend.readTagsWithPrefixes(prefixes, signal) : [];
}

function isFolderModelFile(file: string): boolean {
  return file === 'MLmodel' || file.endsWith('/MLmodel') || file === 'config.json' || file.endsWith('/config.json');
}

/**
 * Where one model is declared in the working tree, reading only the files that could declare
 * it: a manifest whose text names it (or whose folder gives it its name) and the dvc.yaml or
 * artifacts.yaml that would hold it. Gives the same answer as a full discovery.
 */
async function findDefinition(ctx: StoreContext, name: string): Promise<ModelDefinition | undefined> {
  const files = await definitionFilesOf(ctx);
  if (!files) return undefined;
  const source = ctx.backend.workdir();
  const colon = name.indexOf(':');
  const folder = colon > 0 ? name.slice(0, colon) : '';
  const candidates = await Promise.all(
    files.map(async (file) => {
      if (isFolderModelFile(file)) return folderModelName(dirOf(file), ctx.rootName) === name;
      if (!ctx.isManifest(file)) {
        return colon > 0 ? file === `${folder}/dvc.yaml` : file === 'dvc.yaml' || file === 'artifacts.yaml';
      }
      if (colon > 0) return false; // manifests declare plain names
      if (defaultModelName(file) === name) return true;
      const read = await source.read(file, MAX_STRUCTURED_BYTES);
      // An escape sequence could spell the name without containing it: parse those too.
      return read.kind !== 'file' || read.text.includes(name) || read.text.includes('\\');
    }),
  );
  const found = await discoverModels(source, files.filter((_, i) => candidates[i]), { isManifest: ctx.isManifest, rootName: ctx.rootName });
  return found.definitions.find((d) => d.name === name);
}

/** Whether a model of that name exists, without a full listing when there is none yet. */
export async function isModel(ctx: StoreContext, name: string): Promise<boolean> {
  if (ctx.gen().listing) return (await ctx.list()).models.some((m) => m.name === name);
  return (await singleModel(ctx, name).catch(() => undefined)) !== undefined;
}

/** One model read on its own (cached; a failed read is forgotten so the next one retries). */
export function singleModel(ctx: StoreContext, name: string, signal?: AbortSignal): Promise<ModelSummary | undefined> {
  const gen = ctx.gen();
  let one = gen.single.get(name);
  if (!one) {
    one = readOneModel(ctx, name, signal);
    gen.single.set(name, one);
    one.catch(() => gen.single.delete(name));
  }
  return one;
}

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

function withDefinition(m: RegistryModel, d: ModelDefinition | undefined): ModelSummary {
  const type = declaredType(d);
  return copyModel(m, { definition: d, ...(type !== undefined ? { type } : {}) }) as ModelSummary;
}

function untaggedModel(d: ModelDefinition, maxCounter: number): ModelSummary {
  const type = declaredType(d);
  return {
    name: d.name, dirname: d.kind === 'dvc-artifact' && d.folder ? d.folder : undefined, latest: null, deprecated: false,
    stages: {}, versions: [], stageEvents: [], maxCounter, convention: 'gto', definition: d, ...(type !== undefined ? { type } : {}),
  };
}
