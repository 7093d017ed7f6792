// Builds one version's record (hyperparameters, configs, data, weights, metrics) from the files at
// that version. Every file is read through the FileSource, so at a tag it comes from git's object
// store and never from the working tree.
import { definitionFiles, discoverModels, isDatasetType, TOO_LARGE, type ModelDefinition } from './discovery';
import { readDvcFile } from './readers/dvcFile';
import { readDvcLock, type DvcLock } from './readers/dvcLock';
import { readDvcYaml, type ArtifactDecl, type DvcProject } from './readers/dvcYaml';
import { classifyPipeline } from './pipelineRoles';
import { lfsPatterns, parseLfsPointer, MAX_POINTER_BYTES } from './readers/lfsPointer';
import { globToRegExp } from './glob';
import { staleParamNames } from './staleMetrics';
import { readManifest, type EntryDecl } from './readers/manifest';
import { readMetrics } from './readers/metricsFile';
import { readHuggingFaceFolder } from './readers/huggingFace';
import { readMlmodelAt, type MlflowModel } from './readers/mlflowModel';
import { dirOf, resolveLocation, resolveRepoPath } from './repoPath';
import { isMap, parseStructured, isJsonPath, isYamlPath, MAX_STRUCTURED_BYTES } from './structuredText';
import { emptyRecord, type CodeInfo, type ContentOrigin, type Diagnostic, type HashEntry, type Nested, type TrackedFile, type VersionRecord } from './types';
import { outsideMessage, type FileSource } from './fileSource';
import type { DvcOutputSource } from './dvcOutputs';
import { flatten } from './flatten';

/** Extensions that make an LFS or DVC-tracked file "weights" rather than data. */
const WEIGHT_FILE = /\.(pt|pth|bin|safetensors|onnx|pkl|pickle|joblib|h5|hdf5|keras|ckpt|pb|tflite|gguf|ggml|mlmodel|pmml|cbm|model|npz|msgpack)$/i;

export function looksLikeWeights(path: string): boolean {
  return WEIGHT_FILE.test(path);
}

interface ReadCtx {
  source: FileSource;
  record: VersionRecord;
  /** Parsed files by path, so a file named twice is read once. */
  cache: Map<string, Promise<Parsed>>;
  /** Which files are manifests (the user's manifest globs included). */
  isManifest?: (path: string) => boolean;
  /** The same version with its DVC outputs readable: where metrics, params and plots are read. */
  outputs?: DvcOutputSource;
}

interface Parsed {
  value: unknown;
  present: boolean;
  oid?: string;
  /** Set when the content came from a DVC output's object. */
  origin?: ContentOrigin;
  /** Why a file a DVC output holds could not be read. */
  missing?: string;
}

/**
 * Reads the record of `model` at `source`. `hint` is where the model was declared elsewhere (at
 * HEAD, say); when it is not there at this version, the version's own files are searched.
 */
export async function readVersion(
  model: string,
  version: string,
  source: FileSource,
  code: CodeInfo,
  hint?: ModelDefinition,
  options: { isManifest?: (path: string) => boolean; outputs?: DvcOutputSource } = {},
): Promise<VersionRecord> {
  const record = emptyRecord(model, version, source.commit);
  // A copy: code files are added to it, and the caller's object may be shared (cached).
  record.code = { ...code };
  const ctx: ReadCtx = { source, record, cache: new Map(), isManifest: options.isManifest, outputs: options.outputs };
  const def = await locateDefinition(ctx, model, hint);
  if (!def) {
    // No declaration: a repository whose tags are the models reads its root DVC project.
    const root = await readDvcProjectAt(ctx, '');
    if (!root) {
      record.diagnostics.push({
        severity: 'info',
        message: `no model.yaml, dvc.yaml artifact or params.yaml for ${model} at ${version}; only the commit is shown`,
      });
    }
    return finish(record);
  }
  if (def.kind === 'manifest') await readFromManifest(ctx, def.file);
  else if (def.kind === 'huggingface') await readFromHuggingFace(ctx, def.folder);
  else if (def.kind === 'mlflow-model') await readFromMlflowModel(ctx, def.folder);
  else await readFromArtifact(ctx, def);
  return finish(record);
}

function finish(record: VersionRecord): VersionRecord {
  record.sources = [...new Set(record.sources)];
  return record;
}

async function locateDefinition(ctx: ReadCtx, model: string, hint?: ModelDefinition): Promise<ModelDefinition | undefined> {
  const colon = model.indexOf(':');
  const candidates: string[] = [];
  if (hint) candidates.push(hint.file);
  if (colon > 0) candidates.push(`${model.slice(0, colon)}/dvc.yaml`);
  else {
    candidates.push('dvc.yaml', 'artifacts.yaml', `${model}.model.yaml`, `${model}/model.yaml`, `models/${model}/model.yaml`, 'model.yaml');
  }
  const files = [...new Set(candidates)].filter((f) => resolveRepoPath('', f).ok);
  const found = await discoverModels(ctx.source, files, { isManifest: ctx.isManifest });
  // A model file too large to read is no declaration, but it must not pass for a missing one.
  const reportTooLarge = (diagnostics: readonly Diagnostic[]) => ctx.record.diagnostics.push(...diagnostics.filter((d) => d.message.endsWith(TOO_LARGE)));
  reportTooLarge(found.diagnostics);
  const def = found.definitions.find((d) => d.name === model);
  if (def) return def;
  // Moved or renamed since: one walk of this version's tree.
  const all = definitionFiles(await ctx.source.listFiles(), undefined, ctx.isManifest).filter((f) => !files.includes(f));
  if (all.length === 0) return undefined;
  const rest = await discoverModels(ctx.source, all, { isManifest: ctx.isManifest });
  const moved = rest.definitions.find((d) => d.name === model);
  if (!moved) reportTooLarge(rest.diagnostics);
  return moved;
}

async function readFromManifest(ctx: ReadCtx, file: string): Promise<void> {
  const { record } = ctx;
  const parsed = await readParsed(ctx, file);
  // A manifest that does not parse already has its diagnostic (with the line); "empty" would be wrong.
  if (parsed.present && parsed.value === undefined) return;
  const r = readManifest(parsed.value, file);
  record.diagnostics.push(...r.diagnostics);
  const m = r.manifest;
  if (!m) return;
  record.description = m.description;
  record.framework = m.framework;
  record.labels = m.labels;
  const folder = dirOf(file);

  for (const p of m.paramsFiles) await mergeParams(ctx, p);
  deepMerge(record.hyperparameters, m.hyperparameters);
  if (Object.keys(m.hyperparameters).length) (record.paramsFiles ??= []).push({ path: file, present: true, keys: [...flatten(m.hyperparameters).keys()] });

  for (const c of m.configs) await readConfig(ctx, c);

  // A dvc.lock beside the manifest (or at the root) can supply hashes for the paths it names.
  const locks = await Promise.all([...new Set([folder ? `${folder}/dvc.lock` : 'dvc.lock', 'dvc.lock'])].map((l) => readLock(ctx, l)));
  const lockEntries = new Map<string, HashEntry>();
  for (const lock of locks) for (const e of lock?.entries ?? []) if (!lockEntries.has(e.path)) lockEntries.set(e.path, e);

  for (const d of m.data) {
    const e = await hashFor(ctx, d, file, lockEntries);
    record.data[e.path] = e;
  }
  for (const w of m.weights) {
    const e = await hashFor(ctx, w, file, lockEntries);
    record.weights[e.path] = e;
  }
  Object.assign(record.metrics, m.metrics);
  for (const f of m.metricsFiles) await readMetricsFile(ctx, f);
}

/**
 * A Hugging Face folder: config.json is the architecture and hyperparameters, generation_config.json
 * a config, the model card's model-index results the metrics, and its weights files (LFS pointers
 * normally) the weights.
 */
async function readFromHuggingFace(ctx: ReadCtx, folder: string): Promise<void> {
  const { record } = ctx;
  const hf = await readHuggingFaceFolder(ctx.source, folder);
  record.diagnostics.push(...hf.diagnostics);
  record.sources.push(...hf.sources);
  if (hf.config) deepMerge(record.hyperparameters, hf.config);
  if (hf.generationConfig) {
    const path = `${folder ? `${folder}/` : ''}generation_config.json`;
    record.configs[path] = { path, present: true, values: hf.generationConfig };
  }
  const card = hf.card;
  if (card) {
    Object.assign(record.metrics, card.metrics);
    record.framework = card.libraryName ?? 'transformers';
    const labels = [...card.tags, ...(card.license ? [`license:${card.license}`] : []), ...card.baseModels.map((b) => `base_model:${b}`), ...card.datasets.map((d) => `dataset:${d}`)];
    if (labels.length) record.labels = labels;
    if (card.pipelineTag) record.description = card.pipelineTag;
  } else record.framework = 'transformers';
  await readFolderWeights(ctx, folder, folder ? `${folder}/config.json` : 'config.json');
}

/**
 * An MLflow saved model folder: MLmodel's flavors and signature as a config, the first flavor
 * other than python_function as the framework, the files it names as weights.
 */
async function readFromMlflowModel(ctx: ReadCtx, folder: string): Promise<void> {
  const { record } = ctx;
  const m = await readMlmodelAt(ctx.source, folder);
  const path = folder ? `${folder}/MLmodel` : 'MLmodel';
  if (!m) {
    record.diagnostics.push({ severity: 'warning', file: path, message: `${path} is not in Git at this version` });
    return;
  }
  addMlmodel(record, m);
  if (m.runId) record.mlflowRunId = m.runId;
  await readFolderWeights(ctx, folder, path);
}

/**
 * An MLmodel's flavors and signature as a config of the record (under `key`), its first flavor as
 * the framework.
 */
export function addMlmodel(record: VersionRecord, m: MlflowModel, key = m.path): void {
  record.diagnostics.push(...m.diagnostics);
  record.sources.push(m.path);
  const values: Nested = { flavors: m.flavors };
  if (m.signature) values.signature = m.signature;
  for (const [k, v] of [['mlflow_version', m.mlflowVersion], ['run_id', m.runId], ['model_uuid', m.modelUuid], ['utc_time_created', m.createdAt]] as const) if (v !== undefined) values[k] = v;
  record.configs[key] = { path: m.path, present: true, values };
  record.framework = Object.keys(m.flavors).find((f) => f !== 'python_function') ?? (Object.keys(m.flavors).length ? 'python_function' : undefined);
}

/** The weights files directly in `folder` (or one level down, as MLflow's `data/`) at this version. */
async function readFolderWeights(ctx: ReadCtx, folder: string, declaredIn: string): Promise<void> {
  const prefix = folder ? `${folder}/` : '';
  const files = (await ctx.source.listFiles()).filter((f) => f.startsWith(prefix) && f.slice(prefix.length).split('/').length <= 2 && looksLikeWeights(f));
  for (const f of files.sort()) ctx.record.weights[f] = await hashFor(ctx, { path: f }, declaredIn, new Map());
}

async function readFromArtifact(ctx: ReadCtx, def: Extract<ModelDefinition, { kind: 'dvc-artifact' | 'artifacts-yaml' }>): Promise<void> {
  const { record } = ctx;
  record.description = def.artifact.description;
  record.labels = def.artifact.labels;
  const folder = def.kind === 'dvc-artifact' ? def.folder : '';
  const others = def.kind === 'dvc-artifact' ? undefined : [];
  await readDvcProjectAt(ctx, folder, def.artifact, others);
}


/**
 * Reads a DVC project (dvc.yaml, params, dvc.lock, metrics) in `folder`; false when there is none.
 * `artifact` is the model read from it; `otherArtifacts` the paths declared beside it (by default
 * the other artifacts of this dvc.yaml).
 */
async function readDvcProjectAt(ctx: ReadCtx, folder: string, artifact?: ArtifactDecl, otherArtifacts?: readonly string[]): Promise<boolean> {
  const weightsPath = artifact?.path;
  const { record } = ctx;
  const dvcYamlPath = folder ? `${folder}/dvc.yaml` : 'dvc.yaml';
  const parsed = await readParsed(ctx, dvcYamlPath);
  let project: DvcProject | undefined;
  if (parsed.present && parsed.value !== undefined) {
    project = readDvcYaml(parsed.value, dvcYamlPath, folder);
    record.diagnostics.push(...project.diagnostics);
  }
  // A params file dvc.yaml names must be there; the default params.yaml only may be.
  const listed = project?.paramsFiles ?? [];
  const paramsFiles = listed.length ? listed : [folder ? `${folder}/params.yaml` : 'params.yaml'];
  let any = parsed.present;
  for (const p of paramsFiles) any = (await mergeParams(ctx, p, listed.includes(p))) || any;

  const lockPath = folder ? `${folder}/dvc.lock` : 'dvc.lock';
  const lock = await readLock(ctx, lockPath, project?.stageFolders);
  any = any || (lock?.entries.length ?? 0) > 0;
  const weightsResolved = weightsPath !== undefined ? resolveLocation(folder, weightsPath) : undefined;
  const weights = weightsResolved?.ok ? weightsResolved.path : undefined;
  // A `type: dataset` artifact's path is data, not weights.
  const isData = isDatasetType(artifact?.type);
  const others = (otherArtifacts ?? (project?.artifacts ?? []).filter((a) => a.name !== artifact?.name).map((a) => a.path))
    .map((p) => (p === undefined ? undefined : resolveLocation(folder, p)))
    .flatMap((r) => (r?.ok ? [r.path] : []));
  const classified = classifyPipeline(lock?.stages ?? [], {
    artifactPath: weights,
    artifactIsData: isData,
    otherArtifacts: others,
    metricsFiles: project?.metricsFiles,
    plotsFiles: project?.plotsFiles,
    looksLikeWeights,
  });
  for (const { entry, role } of classified) {
    const target = role === 'weights' ? record.weights : role === 'data' ? record.data : role === 'output' ? record.outputs : (record.code.files ??= {});
    target[entry.path] ??= entry;
  }
  const declared = isData ? record.data : record.weights;
  if (weights && !declared[weights]) {
    // Not a pipeline output: a .dvc file, an LFS pointer or a plain file in Git.
    const remote = weightsResolved?.ok ? weightsResolved.remote : undefined;
    const e = await hashFor(ctx, { path: weights, ...(remote ? { remote } : {}) }, dvcYamlPath, new Map());
    declared[weights] = e;
  }
  for (const f of project?.metricsFiles ?? []) await readMetricsFile(ctx, f);
  for (const f of project?.plotsFiles ?? []) await readPlotsFile(ctx, f);
  if (ctx.source.kind === 'workdir' && lock && Object.keys(lock.params).length) {
    // The params files as read above (cached): which locked values they no longer have.
    const files: Record<string, unknown> = {};
    for (const file of Object.keys(lock.params)) {
      const parsed = await readParsed(ctx, file, true, true);
      if (parsed.present) files[file] = parsed.value;
    }
    const params = staleParamNames(lock.params, files);
    if (params.length) record.stale = { params };
  }
  return any;
}

/** Merges a params file into the hyperparameters; returns whether it was there. */
async function mergeParams(ctx: ReadCtx, path: string, required = true): Promise<boolean> {
  const parsed = await readParsed(ctx, path, true, true);
  if (!parsed.present) {
    // A DVC output that is not here: the model store's one note for the version says so.
    if (parsed.missing) (ctx.record.paramsFiles ??= []).push(trackedFile(path, parsed));
    else if (required) ctx.record.diagnostics.push({ severity: 'warning', file: path, message: `params file ${path} is not in Git at this version` });
    return false;
  }
  (ctx.record.paramsFiles ??= []).push(trackedFile(path, parsed, isMap(parsed.value) ? [...flatten(parsed.value).keys()] : undefined));
  if (/\.(toml|py)$/i.test(path)) {
    ctx.record.diagnostics.push({ severity: 'info', file: path, message: `${path}: ${path.endsWith('.py') ? 'Python' : 'TOML'} params files are listed but not read` });
    return true;
  }
  if (isMap(parsed.value)) deepMerge(ctx.record.hyperparameters, parsed.value);
  else if (parsed.value !== undefined && parsed.value !== null) {
    ctx.record.diagnostics.push({ severity: 'warning', file: path, line: 1, message: `${path} should hold a map of parameters` });
  }
  return true;
}

async function readConfig(ctx: ReadCtx, path: string): Promise<void> {
  if (isYamlPath(path) || isJsonPath(path)) {
    const parsed = await readParsed(ctx, path);
    ctx.record.configs[path] = { path, present: parsed.present, oid: parsed.oid, values: isMap(parsed.value) ? parsed.value : parsed.value === undefined ? undefined : { value: parsed.value } };
  } else {
    const info = await ctx.source.info(path);
    ctx.record.configs[path] = { path, present: info.kind === 'file', oid: info.kind === 'file' ? info.oid : undefined };
  }
  if (!ctx.record.configs[path]!.present) {
    ctx.record.diagnostics.push({ severity: 'warning', file: path, message: `config file ${path} is not in Git at this version` });
  }
}

async function readLock(ctx: ReadCtx, path: string, stageFolders?: Record<string, string>): Promise<DvcLock | undefined> {
  const parsed = await readParsed(ctx, path);
  if (!parsed.present || parsed.value === undefined) return undefined;
  const lock = readDvcLock(parsed.value, path, dirOf(path), stageFolders);
  ctx.record.diagnostics.push(...lock.diagnostics);
  return lock;
}

async function readMetricsFile(ctx: ReadCtx, path: string): Promise<void> {
  const parsed = await readParsed(ctx, path, false, true);
  const metrics = parsed.present && parsed.value !== undefined ? readMetrics(parsed.value) : undefined;
  ctx.record.metricsFiles.push(trackedFile(path, parsed, metrics && Object.keys(metrics)));
  if (metrics) Object.assign(ctx.record.metrics, metrics);
}

function trackedFile(path: string, parsed: Parsed, keys?: string[]): TrackedFile {
  const f: TrackedFile = { path, present: parsed.present };
  if (parsed.origin) f.origin = parsed.origin;
  if (parsed.missing) f.missing = parsed.missing;
  if (keys) f.keys = keys;
  return f;
}

/**
 * A plots data file: its hash and where it is, without reading it (an image, a large table): the
 * md5 that its DVC output (or that output's folder listing) gives, else its Git blob id. A DVC
 * output's hash is taken even where the working tree has the file, as for data: the same file
 * then has the same hash in the working tree and at a version.
 */
async function readPlotsFile(ctx: ReadCtx, path: string): Promise<void> {
  const plots = (ctx.record.plots ??= {});
  const loc = await ctx.outputs?.locate(path);
  if (!loc) {
    const info = await ctx.source.info(path);
    if (info.kind === 'file') plots[path] = { path, hash: info.oid ?? null, algorithm: 'git-blob', size: info.size, source: 'git', sourceFile: path };
    return; // a folder in Git, or nowhere: nothing to compare
  }
  const { out } = loc;
  const e: HashEntry = { path, hash: loc.ref?.hash ?? null, algorithm: out.algorithm, source: out.source, sourceFile: out.sourceFile };
  if (out.stage) e.stage = out.stage;
  if (out.path !== path) e.out = out.path;
  else if (out.isDir) Object.assign(e, { isDir: true, ...(out.nfiles !== undefined ? { nfiles: out.nfiles } : {}) });
  if (out.path === path && out.size !== undefined) e.size = out.size;
  if (!loc.ref) e.availability = { state: 'missing', note: loc.problem ?? 'not found' };
  plots[path] = e;
}

/** Where a data or weights path's hash comes from, in order of trust. */
async function hashFor(ctx: ReadCtx, decl: EntryDecl, manifest: string, lock: Map<string, HashEntry>): Promise<HashEntry> {
  const remote = decl.remote ? { remote: decl.remote } : {};
  if (decl.hash) {
    return { path: decl.path, hash: decl.hash, algorithm: decl.algorithm ?? 'unknown', size: decl.size, source: 'manifest', sourceFile: manifest, ...remote };
  }
  if (decl.remote) {
    // Remote storage: Git has no file at that name to look up, and its absence is no problem.
    const locked = lock.get(decl.path);
    return locked ?? { path: decl.path, hash: null, algorithm: 'unknown', size: decl.size, source: 'manifest', sourceFile: manifest, remote: decl.remote };
  }
  const dvcFile = decl.path.endsWith('.dvc') ? decl.path : `${decl.path}.dvc`;
  const dvc = await readParsed(ctx, dvcFile);
  if (dvc.present && dvc.value !== undefined) {
    const r = readDvcFile(dvc.value, dvcFile);
    ctx.record.diagnostics.push(...r.diagnostics);
    const out = r.entries[0];
    if (out) return out;
  }
  const locked = lock.get(decl.path);
  if (locked) return locked;
  const info = await ctx.source.info(decl.path);
  if (info.kind === 'file') {
    if (info.size <= MAX_POINTER_BYTES) {
      const read = await ctx.source.read(decl.path, MAX_POINTER_BYTES);
      const pointer = read.kind === 'file' ? parseLfsPointer(read.text) : undefined;
      if (pointer) {
        ctx.record.sources.push(decl.path);
        return { path: decl.path, hash: pointer.oid, algorithm: 'sha256', size: pointer.size, source: 'lfs', sourceFile: decl.path };
      }
    }
    // A smudged LFS file in the working tree: its sha256 is what the versions' pointers name.
    if (ctx.source.kind === 'workdir' && ctx.source.sha256 && (await isLfsTracked(ctx, decl.path))) {
      const sha = await ctx.source.sha256(decl.path);
      if (sha) return { path: decl.path, hash: sha, algorithm: 'sha256', size: info.size, source: 'lfs', sourceFile: decl.path };
    }
    return { path: decl.path, hash: info.oid ?? null, algorithm: 'git-blob', size: info.size, source: 'git', sourceFile: decl.path };
  }
  if (info.kind === 'outside') {
    ctx.record.diagnostics.push({ severity: 'warning', file: manifest, message: outsideMessage(decl.path) });
    return { path: decl.path, hash: null, algorithm: 'unknown', source: 'manifest', sourceFile: manifest };
  }
  const message =
    info.kind === 'not-a-file'
      ? `${decl.path} is a folder in Git at this version; name a .dvc file, a dvc.lock output or the files inside it to compare it`
      : `${decl.path} is not in Git at this version and no hash for it was found`;
  ctx.record.diagnostics.push({ severity: 'info', file: manifest, message });
  return { path: decl.path, hash: null, algorithm: 'unknown', source: 'manifest', sourceFile: manifest };
}

/**
 * Whether a .gitattributes at or above the path marks it `filter=lfs`: a pattern without a slash
 * matches the name at any depth below its file's folder, one with a slash the path from there.
 */
async function isLfsTracked(ctx: ReadCtx, path: string): Promise<boolean> {
  const parts = path.split('/');
  for (let n = parts.length - 1; n >= 0; n--) {
    const folder = parts.slice(0, n).join('/');
    const file = folder ? `${folder}/.gitattributes` : '.gitattributes';
    const r = await ctx.source.read(file, 1024 * 1024);
    if (r.kind !== 'file') continue;
    const rel = parts.slice(n).join('/');
    for (const pattern of lfsPatterns(r.text)) {
      const p = pattern.replace(/^\//, '');
      const re = globToRegExp(p.endsWith('/') ? `${p}**` : p);
      if (pattern.includes('/') ? re.test(rel) : re.test(parts[parts.length - 1]!)) return true;
    }
  }
  return false;
}

/** `layered`: read through the DVC outputs too (metrics, params), when the store gave them. */
function readParsed(ctx: ReadCtx, path: string, track = true, layered = false): Promise<Parsed> {
  const source = layered && ctx.outputs ? ctx.outputs : ctx.source;
  const key = source === ctx.source ? path : `\0dvc\0${path}`;
  let p = ctx.cache.get(key);
  if (!p) {
    p = (async (): Promise<Parsed> => {
      const read = await source.read(path, MAX_STRUCTURED_BYTES);
      if (read.kind === 'too-large') {
        ctx.record.diagnostics.push({ severity: 'warning', file: path, line: 1, message: `${path} is ${read.size} bytes; it is not read` });
        return { value: undefined, present: true, oid: read.oid };
      }
      if (read.kind === 'outside') {
        ctx.record.diagnostics.push({ severity: 'warning', file: path, message: outsideMessage(path) });
        return { value: undefined, present: false };
      }
      if (read.kind === 'missing' && read.reason) return { value: undefined, present: false, missing: read.reason };
      if (read.kind !== 'file') return { value: undefined, present: false };
      // A file from the DVC cache is no file of the commit: a files-only restore cannot bring it.
      if (track && !read.origin) ctx.record.sources.push(path);
      const parsed = parseStructured(path, read.text);
      ctx.record.diagnostics.push(...parsed.diagnostics);
      return { value: parsed.value, present: true, oid: read.oid, ...(read.origin ? { origin: read.origin } : {}) };
    })();
    ctx.cache.set(key, p);
  }
  return p;
}

/** Deep-merges `from` into `into`; later files win, as with DVC's params. */
function deepMerge(into: Nested, from: Nested): void {
  for (const [k, v] of Object.entries(from)) {
    const cur = into[k];
    if (isMap(cur) && isMap(v) && Object.hasOwn(into, k)) deepMerge(cur, v);
    // defineProperty: a key named __proto__ must stay a plain key, never a prototype.
    else Object.defineProperty(into, k, { value: isMap(v) ? structuredCloneSafe(v) : v, enumerable: true, writable: true, configurable: true });
  }
}

function structuredCloneSafe(v: Record<string, unknown>): Nested {
  const out: Nested = {};
  deepMerge(out, v);
  return out;
}
